import { useEffect, useSyncExternalStore } from 'react';
import { EMBED_MESSAGES } from './messages';

/**
 * The conversation with /embed.js on the host page: it says hello (with its origin, checked here
 * against the authority's allowed sites), the widget answers with its height whenever that changes,
 * to that origin only. Without /embed.js (a plain iframe) nobody says hello and nothing is sent.
 */
let helloFrom: string | null = null;
const listeners = new Set<() => void>();

export function listenForHost() {
  if (window.parent === window) return;
  window.addEventListener('message', (event) => {
    const data: unknown = event.data;
    if (event.source !== window.parent) return;
    if (
      typeof data !== 'object' ||
      data === null ||
      (data as { type?: unknown }).type !== EMBED_MESSAGES.hello
    )
      return;
    helloFrom = event.origin;
    for (const listener of listeners) listener();
  });
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Keeps the host's iframe as tall as the widget, once a host of an allowed origin said hello. */
export function useReportHeight(allowedOrigins: readonly string[] | undefined) {
  const origin = useSyncExternalStore(subscribe, () => helloFrom);
  const host = origin && allowedOrigins?.includes(origin) ? origin : null;
  useEffect(() => {
    if (!host) return;
    const report = () =>
      window.parent.postMessage(
        { type: EMBED_MESSAGES.height, height: Math.ceil(document.body.getBoundingClientRect().height) },
        host,
      );
    const observer = new ResizeObserver(report);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [host]);
}
