import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ChatText } from './ChatText';

describe('ChatText', () => {
  it('shows markup as text and only safe http(s) addresses as links', () => {
    const text = '<img src=x onerror=alert(1)> javascript:alert(1) https://example.org/a.';
    const html = renderToStaticMarkup(createElement(ChatText, { text }));
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain(
      '<a class="kern-link" href="https://example.org/a" rel="noopener noreferrer nofollow" target="_blank">https://example.org/a</a>',
    );
  });
});
