/*
 * Amtsraum widget loader, for the authority's own website:
 *   <script src="https://amtsraum.example/embed.js" data-authority="musterstadt" async></script>
 * puts an iframe with the authority's virtual offices right after this script tag and keeps it as
 * tall as its content. Optional: data-title="…" names the frame for screen readers.
 * Plain script without imports (it runs as a classic script on foreign pages); the message types are
 * the ones of EMBED_MESSAGES in src/web/embed/messages.ts.
 */
(() => {
  const script = document.currentScript;
  if (!(script instanceof HTMLScriptElement)) return;
  const authority = script.dataset.authority ?? '';
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(authority)) {
    console.error(
      'Amtsraum embed.js: data-authority must name the authority, e.g. data-authority="musterstadt"',
    );
    return;
  }
  const origin = new URL(script.src).origin;
  const frame = document.createElement('iframe');
  frame.src = `${origin}/${authority}/einbetten/buero`;
  frame.title = script.dataset.title || 'Videoberatung: virtuelle Büros und Terminbuchung';
  // Links open Amtsraum in a new, unsandboxed tab; the frame itself may not navigate this page.
  frame.setAttribute(
    'sandbox',
    'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox',
  );
  frame.height = '400';
  frame.style.width = '100%';
  frame.style.border = '0';
  frame.style.display = 'block';

  window.addEventListener('message', (event) => {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    const data = event.data;
    if (data?.type !== 'amtsraum:embed-height' || !Number.isFinite(data.height)) return;
    frame.height = String(Math.min(Math.max(Math.ceil(data.height), 50), 10_000));
  });
  // The widget answers only a hello that reaches it from one of the authority's allowed sites.
  frame.addEventListener('load', () => {
    frame.contentWindow?.postMessage({ type: 'amtsraum:embed-hello' }, origin);
  });
  script.after(frame);
})();
