import type { BrowserContext, Page } from 'playwright-core';

/**
 * In-page timing marks for call-setup benchmarks. One init script, the same for the app's pages and
 * the floor's pages, wraps the browser APIs a call goes through (fetch, WebSocket, getUserMedia,
 * RTCPeerConnection) and records `performance.timeOrigin + performance.now()` (a high-resolution
 * wall-clock time, comparable across the pages of one machine) for each step.
 *
 * First frame is measured twice:
 * - 'frame:decoded' — the primary figure: from the moment a peer connection exists, its stats are
 *   polled every 10 ms and the first time the video inbound-rtp report shows framesDecoded > 0 is
 *   recorded. It is what the issue asks for ("first decoded remote frame"), does not depend on how or
 *   when the UI mounts a <video>, and is measured the same way for the app and the floor, so the
 *   polling granularity (≤ 10 ms + one getStats round trip, ~1 ms) cancels out in the comparison.
 * - 'frame:presented' — informational: requestVideoFrameCallback on the first <video> that shows the
 *   remote video track, i.e. when the user could see the picture (includes the UI's rendering work).
 */

export interface Mark {
  name: string;
  /** Milliseconds since the Unix epoch, sub-millisecond resolution. */
  t: number;
}

/** esbuild (tsx) wraps named functions in __name(); serialized into a page that helper must exist. */
const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((target) => target);';

/** Runs in the page before any of its scripts (serialized: no closures over module scope). */
function instrument(): void {
  type Global = typeof globalThis & {
    __benchMarks?: { name: string; t: number }[];
    __benchMark?: (name: string) => void;
  };
  const g = globalThis as Global;
  if (g.__benchMarks) return;
  const marks: { name: string; t: number }[] = [];
  g.__benchMarks = marks;
  const now = () => performance.timeOrigin + performance.now();
  const mark = (name: string) => marks.push({ name, t: now() });
  g.__benchMark = mark;

  // The agent's click on a call button ("Nächste Person aufrufen", "<Name> aufrufen"), before React sees it.
  addEventListener(
    'click',
    (event) => {
      const button = (event.target as Element | null)?.closest?.('button');
      if (button && /aufrufen|^Call/i.test(button.textContent ?? '')) mark('click');
    },
    { capture: true },
  );

  // HTTP: the call-next / call request and its response.
  const originalFetch = globalThis.fetch;
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const interesting = /\/call-next$|\/visits\/[^/]+\/call$/.test(url);
    if (interesting) mark('http:call:sent');
    const response = await originalFetch(input, init);
    if (interesting) mark('http:call:response');
    return response;
  };

  // getUserMedia: does the call path wait for a camera?
  const media = navigator.mediaDevices;
  if (media?.getUserMedia) {
    const original = media.getUserMedia.bind(media);
    media.getUserMedia = async (constraints?: MediaStreamConstraints) => {
      mark('gum:start');
      const stream = await original(constraints);
      mark('gum:done');
      return stream;
    };
  }

  // Signaling over any WebSocket: JSON messages of the app ({type:'call.start'|'signal'}) and of the
  // floor's relay ({description}|{candidate}).
  const describe = (raw: unknown): string | null => {
    if (typeof raw !== 'string') return null;
    let message: {
      type?: string;
      data?: { description?: { type?: string }; candidate?: unknown };
      description?: { type?: string };
      candidate?: unknown;
    };
    try {
      message = JSON.parse(raw);
    } catch {
      return null;
    }
    if (message.type === 'call.start') return 'call.start';
    const data = message.type === 'signal' ? message.data : message;
    if (data?.description?.type) return data.description.type;
    if (data?.candidate) return 'candidate';
    return null;
  };
  const OriginalWebSocket = globalThis.WebSocket;
  const originalSend = OriginalWebSocket.prototype.send;
  OriginalWebSocket.prototype.send = function send(this: WebSocket, data) {
    const what = describe(data);
    if (what) mark(`ws:out:${what}`);
    return originalSend.call(this, data);
  };
  globalThis.WebSocket = class extends OriginalWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      // Registered before the app's onmessage, so it runs first.
      this.addEventListener('message', (event) => {
        const what = describe(event.data);
        if (what) mark(`ws:in:${what}`);
      });
    }
  };

  // Peer connections: negotiation steps, ICE/DTLS progress, first decoded and first presented frame.
  const OriginalPC = globalThis.RTCPeerConnection;
  const proto = OriginalPC.prototype;
  const originalSetLocal = proto.setLocalDescription as (d?: RTCLocalSessionDescriptionInit) => Promise<void>;
  proto.setLocalDescription = async function setLocalDescription(
    this: RTCPeerConnection,
    description?: RTCLocalSessionDescriptionInit,
  ) {
    const kind = description?.type ?? (this.signalingState.startsWith('have-remote') ? 'answer' : 'offer');
    mark(`pc:setLocal:${kind}:start`);
    await originalSetLocal.call(this, description);
    mark(`pc:setLocal:${kind}:done`);
  } as typeof proto.setLocalDescription;
  const originalSetRemote = proto.setRemoteDescription as (d: RTCSessionDescriptionInit) => Promise<void>;
  proto.setRemoteDescription = async function setRemoteDescription(
    this: RTCPeerConnection,
    description: RTCSessionDescriptionInit,
  ) {
    mark(`pc:setRemote:${description.type}:start`);
    await originalSetRemote.call(this, description);
    mark(`pc:setRemote:${description.type}:done`);
  } as typeof proto.setRemoteDescription;
  const originalCreateOffer = proto.createOffer;
  proto.createOffer = function createOffer(this: RTCPeerConnection, ...args: unknown[]) {
    mark('pc:createOffer');
    return (originalCreateOffer as (...a: unknown[]) => Promise<RTCSessionDescriptionInit>).apply(this, args);
  } as typeof proto.createOffer;

  const watchFrames = (pc: RTCPeerConnection) => {
    let busy = false;
    const timer = setInterval(async () => {
      if (busy) return;
      if (pc.connectionState === 'closed') return clearInterval(timer);
      busy = true;
      try {
        const stats = await pc.getStats();
        let decoded = 0;
        stats.forEach((report: { type: string; kind?: string; framesDecoded?: number }) => {
          if (report.type === 'inbound-rtp' && report.kind === 'video')
            decoded = Math.max(decoded, report.framesDecoded ?? 0);
        });
        if (decoded > 0) {
          mark('frame:decoded');
          clearInterval(timer);
        }
      } catch {
        clearInterval(timer);
      } finally {
        busy = false;
      }
    }, 10);
  };
  const watchPresented = (track: MediaStreamTrack) => {
    const started = now();
    const look = () => {
      if (track.readyState === 'ended' || now() - started > 30_000) return;
      const video = [...document.querySelectorAll('video')].find((v) => {
        const source = v.srcObject;
        return source instanceof MediaStream && source.getVideoTracks().includes(track);
      });
      if (!video) {
        setTimeout(look, 5);
        return;
      }
      video.requestVideoFrameCallback(() => mark('frame:presented'));
    };
    look();
  };

  globalThis.RTCPeerConnection = class extends OriginalPC {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      mark('pc:new');
      this.addEventListener('negotiationneeded', () => mark('pc:negotiationneeded'));
      this.addEventListener('icecandidate', (event) => {
        if (!event.candidate) return;
        mark('pc:icecandidate');
        mark(`pc:icecandidate:${event.candidate.address?.endsWith('.local') ? 'mdns' : 'ip'}`);
      });
      this.addEventListener('iceconnectionstatechange', () => mark(`ice:${this.iceConnectionState}`));
      this.addEventListener('icegatheringstatechange', () => mark(`gathering:${this.iceGatheringState}`));
      this.addEventListener('signalingstatechange', () => mark(`signaling:${this.signalingState}`));
      this.addEventListener('connectionstatechange', () => mark(`pc:${this.connectionState}`));
      this.addEventListener('track', (event) => {
        mark(`pc:track:${event.track.kind}`);
        if (event.track.kind === 'video') watchPresented(event.track);
      });
      watchFrames(this);
    }
  };
}

/** Adds the marks to every page of the context (also pages already open, from their next navigation). */
export async function instrumentContext(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: NAME_SHIM });
  await context.addInitScript(instrument);
}

/** Serialized page functions from tsx need the __name shim in pages not instrumented by us. */
export async function shimNames(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: NAME_SHIM });
}

export function readMarks(page: Page): Promise<Mark[]> {
  return page.evaluate(() => [...((globalThis as { __benchMarks?: Mark[] }).__benchMarks ?? [])]);
}

export function clearMarks(page: Page): Promise<void> {
  return page.evaluate(() => {
    (globalThis as { __benchMarks?: Mark[] }).__benchMarks?.splice(0);
  });
}

/** Waits until the page recorded a mark of that name (polled in the page). */
export async function waitForMark(page: Page, name: string, timeoutMs = 20_000): Promise<void> {
  await page.waitForFunction(
    (wanted) => ((globalThis as { __benchMarks?: Mark[] }).__benchMarks ?? []).some((m) => m.name === wanted),
    name,
    { timeout: timeoutMs, polling: 20 },
  );
}

/** The first mark of that name at or after `from` (undefined if none). */
export function first(marks: readonly Mark[], name: string, from = 0): number | undefined {
  return marks.find((m) => m.name === name && m.t >= from)?.t;
}
