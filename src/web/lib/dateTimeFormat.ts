const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * An Intl.DateTimeFormat for a locale and options, made once: making one costs far more than using it
 * (the first one of a page takes 30–60 ms of a phone's CPU).
 */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

/** Texts the server formatted for the page it rendered: hydrating that page makes no formatter at all. */
const known = new Map<string, string>();
/** What the server's current render formats, while one runs (renders are synchronous). */
let recording: Map<string, string> | null = null;

/** An instant formatted as the page shows it, taken from the server's texts where they have it. */
export function formatDateTime(locale: string, options: Intl.DateTimeFormatOptions, instant: Date): string {
  const key = `${locale}|${JSON.stringify(options)}|${instant.toISOString()}`;
  const text = known.get(key) ?? dateTimeFormat(locale, options).format(instant);
  // In the device's own time zone the server's text would be wrong: only the authority's zone travels.
  if (options.timeZone) recording?.set(key, text);
  return text;
}

/** Server: runs a render and returns what it formatted, for the browser's knowFormatted. */
export function recordFormatted<T>(render: () => T): { result: T; formatted: Record<string, string> } {
  const texts = new Map<string, string>();
  recording = texts;
  try {
    return { result: render(), formatted: Object.fromEntries(texts) };
  } finally {
    recording = null;
  }
}

/** Browser: the texts the server formatted for this page (ssr/initial-data). */
export function knowFormatted(texts: Record<string, string>) {
  for (const [key, text] of Object.entries(texts)) known.set(key, text);
}
