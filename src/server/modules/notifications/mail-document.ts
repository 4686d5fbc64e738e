/**
 * A tiny document model for mails, rendered once as plain text and once as HTML so both parts always say
 * the same. Every value is flattened to one line where a line is expected and escaped in HTML, so a
 * name or a note cannot inject markup or fake lines.
 */

export type Language = 'de' | 'en';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** One line of text: no line breaks or control characters from a name can start a fake line. */
export const oneLine = (value: string) =>
  value
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Links must be http(s): a stored javascript: or data: URL never reaches a mail. */
export function safeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('mail link is not an absolute URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new Error('mail link must be http(s)');
  return parsed.href;
}

export type Block =
  | { kind: 'p'; text: string }
  /** A multi-line text the authority wrote; line breaks kept. */
  | { kind: 'quote'; label: string; text: string }
  | { kind: 'facts'; rows: [label: string, value: string][] }
  | { kind: 'list'; title: string; items: string[] }
  | { kind: 'link'; label: string; url: string };

function blockText(block: Block): string {
  switch (block.kind) {
    case 'p':
      return oneLine(block.text);
    case 'quote':
      return `${oneLine(block.label)}\n${block.text
        .split(/\r\n|\r|\n/)
        .map((line) => `> ${oneLine(line)}`)
        .join('\n')}`;
    case 'facts':
      return block.rows.map(([label, value]) => `${oneLine(label)}: ${oneLine(value)}`).join('\n');
    case 'list':
      return `${oneLine(block.title)}\n${block.items.map((item) => `- ${oneLine(item)}`).join('\n')}`;
    case 'link':
      return `${oneLine(block.label)}:\n${safeUrl(block.url)}`;
  }
}

/** HTML of one block; every value escaped after it was flattened to one line. */
function blockHtml(block: Block): string {
  const e = (value: string) => escapeHtml(oneLine(value));
  switch (block.kind) {
    case 'p':
      return `<p>${e(block.text)}</p>`;
    case 'quote':
      return `<p>${e(block.label)}</p>\n<blockquote><p>${block.text
        .split(/\r\n|\r|\n/)
        .map(e)
        .join('<br>')}</p></blockquote>`;
    case 'facts':
      return `<table>\n${block.rows
        .map(
          ([label, value]) =>
            `<tr><th scope="row" style="text-align:left;padding-right:1em">${e(label)}</th><td>${e(value)}</td></tr>`,
        )
        .join('\n')}\n</table>`;
    case 'list':
      return `<p>${e(block.title)}</p>\n<ul>\n${block.items.map((item) => `<li>${e(item)}</li>`).join('\n')}\n</ul>`;
    case 'link': {
      const url = escapeHtml(safeUrl(block.url));
      return `<p><a href="${url}">${e(block.label)}</a><br><span style="font-size:90%">${url}</span></p>`;
    }
  }
}

const renderText = (blocks: Block[]) => `${blocks.map(blockText).join('\n\n')}\n`;

function renderHtml(blocks: Block[], language: Language, title: string): string {
  return `<!DOCTYPE html>
<html lang="${language}">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:sans-serif;line-height:1.5">
${blocks.map(blockHtml).join('\n')}
</body>
</html>
`;
}

export function render(language: Language, subject: string, blocks: Block[]): RenderedMail {
  const cleanSubject = oneLine(subject);
  return {
    subject: cleanSubject,
    text: renderText(blocks),
    html: renderHtml(blocks, language, cleanSubject),
  };
}
