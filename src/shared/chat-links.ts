/**
 * Splits chat text into plain-text parts and web links, so the UI can show links as links and
 * everything else as text. Pure: no DOM, no HTML. The UI renders a text part as a text node and a url
 * part as `<a href={url} rel="noopener noreferrer nofollow" target="_blank">{url}</a>` — never via
 * innerHTML. Only absolute http(s) URLs become links; `javascript:`, `data:`, `vbscript:`, relative
 * and protocol-relative addresses, and URLs with a user name or password (`https://bank.de@evil.example`)
 * stay text.
 */
export type ChatPart = { text: string } | { url: string };

/** A candidate: http(s):// and then anything up to white space or a character that cannot end a link. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters end a link
const CANDIDATE = /\bhttps?:\/\/[^\s<>"'`\u0000-\u001f\u007f]+/gi;
/** Punctuation that ends a sentence rather than the link. */
const TRAILING = /[.,;:!?…]+$/;

/** Drops trailing sentence punctuation and a closing parenthesis or bracket without its opening one. */
function trimEnd(candidate: string): string {
  let url = candidate;
  for (;;) {
    const before = url;
    url = url.replace(TRAILING, '');
    for (const [open, close] of [
      ['(', ')'],
      ['[', ']'],
      ['{', '}'],
    ] as const) {
      if (url.endsWith(close) && count(url, open) < count(url, close)) url = url.slice(0, -1);
    }
    if (url === before) return url;
  }
}

const count = (s: string, c: string) => s.split(c).length - 1;

/** The link if it is a safe absolute http(s) URL with a host and without credentials. */
export function safeLink(candidate: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(candidate);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (!parsed.hostname || parsed.username || parsed.password) return null;
  return candidate;
}

export function splitLinks(text: string): ChatPart[] {
  const parts: ChatPart[] = [];
  let textStart = 0;
  const pushText = (end: number) => {
    if (end > textStart) {
      const previous = parts.at(-1);
      const chunk = text.slice(textStart, end);
      if (previous && 'text' in previous) previous.text += chunk;
      else parts.push({ text: chunk });
    }
  };
  for (const match of text.matchAll(CANDIDATE)) {
    const url = trimEnd(match[0]);
    if (!safeLink(url)) continue;
    pushText(match.index);
    parts.push({ url });
    textStart = match.index + url.length;
  }
  pushText(text.length);
  return parts;
}
