import { splitLinks } from '../../shared/chat-links';

/** Chat text as text nodes, with safe http(s) links as links — never as HTML. */
export function ChatText({ text }: { text: string }) {
  // Each part keyed by where it starts in the text.
  let offset = 0;
  const parts = splitLinks(text).map((part) => {
    const start = offset;
    offset += 'url' in part ? part.url.length : part.text.length;
    return { part, start };
  });
  return (
    <>
      {parts.map(({ part, start }) =>
        'url' in part ? (
          <a
            key={start}
            className="kern-link"
            href={part.url}
            rel="noopener noreferrer nofollow"
            target="_blank"
          >
            {part.url}
          </a>
        ) : (
          <span key={start}>{part.text}</span>
        ),
      )}
    </>
  );
}
