/** Message types between the widget and /embed.js on the host page (which repeats them: it imports nothing). */
export const EMBED_MESSAGES = {
  /** Host → widget: "I am your parent, send me your height". */
  hello: 'amtsraum:embed-hello',
  /** Widget → host: the widget's content height in CSS pixels. */
  height: 'amtsraum:embed-height',
} as const;
