import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChatPart, safeLink, splitLinks } from './chat-links';

const urls = (parts: ChatPart[]) => parts.flatMap((p) => ('url' in p ? [p.url] : []));
const joined = (parts: ChatPart[]) => parts.map((p) => ('url' in p ? p.url : p.text)).join('');

describe('splitLinks', () => {
  it('finds http and https links in text and keeps everything else as text', () => {
    expect(splitLinks('Formular: https://example.org/form?id=1&x=2#teil und http://amt.example/a.')).toEqual([
      { text: 'Formular: ' },
      { url: 'https://example.org/form?id=1&x=2#teil' },
      { text: ' und ' },
      { url: 'http://amt.example/a' },
      { text: '.' },
    ]);
    expect(splitLinks('keine Links hier')).toEqual([{ text: 'keine Links hier' }]);
    expect(splitLinks('')).toEqual([]);
    expect(splitLinks('HTTPS://EXAMPLE.ORG')).toEqual([{ url: 'HTTPS://EXAMPLE.ORG' }]);
  });

  it('leaves sentence punctuation and unbalanced brackets outside the link', () => {
    expect(urls(splitLinks('Siehe (https://example.org/seite).'))).toEqual(['https://example.org/seite']);
    expect(urls(splitLinks('https://de.wikipedia.org/wiki/Amt_(Verwaltung), bitte'))).toEqual([
      'https://de.wikipedia.org/wiki/Amt_(Verwaltung)',
    ]);
    expect(urls(splitLinks('Wirklich https://example.org?!'))).toEqual(['https://example.org']);
    expect(urls(splitLinks('[https://example.org/x]'))).toEqual(['https://example.org/x']);
  });

  it('never makes a link of javascript:, data:, vbscript:, relative or credential URLs', () => {
    for (const text of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(document.cookie)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      '//evil.example/path',
      '/relative/path',
      'ftp://files.example/x',
      'https://bank.example@evil.example/login',
      'https://user:pass@evil.example/',
      'xhttps://evil.example',
      'https://',
    ]) {
      expect(urls(splitLinks(text)), text).toEqual([]);
    }
    // A link may follow a javascript: text, but only the http(s) part becomes a link.
    expect(splitLinks('javascript:alert(1)//https://example.org')).toEqual([
      { text: 'javascript:alert(1)//' },
      { url: 'https://example.org' },
    ]);
  });

  it('does not carry markup into a link: quotes and angle brackets end it', () => {
    const parts = splitLinks('<a href="https://evil.example/x" onclick="alert(1)">klick</a>');
    expect(urls(parts)).toEqual(['https://evil.example/x']);
    expect(parts[0]).toEqual({ text: '<a href="' });
    expect(urls(splitLinks('https://example.org/"><script>alert(1)</script>'))).toEqual([
      'https://example.org/',
    ]);
    expect(urls(splitLinks("https://example.org/'onmouseover='alert(1)"))).toEqual(['https://example.org/']);
    expect(urls(splitLinks('https://example.org/<img src=x onerror=alert(1)>'))).toEqual([
      'https://example.org/',
    ]);
  });

  it('loses no character and yields only http(s) links that parse (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string(),
            fc.webUrl(),
            fc.constantFrom('javascript:', 'https://', 'http://a.b', '<', '>', '"', ' ', '(', ')', '.', '\n'),
          ),
        ),
        (pieces) => {
          const text = pieces.join('');
          const parts = splitLinks(text);
          expect(joined(parts)).toBe(text);
          for (const url of urls(parts)) {
            expect(safeLink(url)).toBe(url);
            expect(new URL(url).protocol).toMatch(/^https?:$/);
            expect(url).not.toMatch(/[\s<>"'`]/);
          }
          // Text parts never sit next to each other.
          parts.forEach((p, i) => {
            if (i > 0 && 'text' in p) expect('text' in parts[i - 1]!).toBe(false);
          });
        },
      ),
    );
  });
});
