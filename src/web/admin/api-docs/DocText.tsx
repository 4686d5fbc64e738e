import type { ReactNode } from 'react';

/** A line of the OpenAPI document with its `backticked` parts as code. */
export function withCode(text: string): ReactNode[] {
  return text.split('`').map((part, index) =>
    // Odd parts sat between backticks; parts repeat, so their position is their identity.
    // biome-ignore lint/suspicious/noArrayIndexKey: see above
    index % 2 === 1 ? <code key={index}>{part}</code> : part,
  );
}

/**
 * A description from the OpenAPI document: paragraphs split at blank lines, `backticks` as code. The
 * document is written in English, whatever the UI language, and says so to screen readers.
 */
export function DocText({ text }: { text: string }) {
  return (
    <div lang="en" className="stack stack--small">
      {text.split(/\n\s*\n/).map((paragraph) => (
        <p key={paragraph} className="kern-body">
          {withCode(paragraph)}
        </p>
      ))}
    </div>
  );
}
