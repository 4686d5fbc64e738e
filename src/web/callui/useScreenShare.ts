import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallSession } from '../call/call-session';

/** What the status region says about sharing: started, stopped, cancelled by the person, or failed. */
export type ScreenShareNotice = 'sharing' | 'stopped' | 'cancelled' | 'failed' | null;

/**
 * A shared screen shows forms and letters: detail matters, motion little. At most this many frames a
 * second keeps the sender's CPU free for its camera (a mesh encodes the screen once per peer).
 */
const SCREEN_FRAME_RATE = 15;

export interface ScreenShare {
  /** The browser can share a screen at all (phones usually cannot). */
  supported: boolean;
  /** The shared screen while sharing, for the local preview. */
  stream: MediaStream | null;
  notice: ScreenShareNotice;
  toggle(): void;
}

/**
 * A screen shared in a running call, beside the camera: getDisplayMedia, then CallSession.shareScreen
 * sends it on every peer connection as a picture of its own (the others see it large and the camera
 * small; someone joining later, or a connection built afresh, gets it too). Stopping — by button, by the
 * browser's own "stop sharing" (the track ends) or because the call ends — takes it off again.
 */
export function useScreenShare(session: CallSession | null): ScreenShare {
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [notice, setNotice] = useState<ScreenShareNotice>(null);
  const current = useRef<MediaStream | null>(null);
  const starting = useRef(false);
  const alive = useRef(true);

  const stop = useCallback(
    /** `unshare`: tell the connections (not when the call ended: its connections are gone). */
    async (announce: boolean, unshare = true) => {
      const screen = current.current;
      if (!screen) return;
      current.current = null;
      setStream(null);
      if (announce) setNotice('stopped');
      if (unshare) {
        try {
          await session?.shareScreen(null);
        } catch {
          // A connection closed meanwhile; a new one starts without the screen anyway.
        }
      }
      for (const track of screen.getTracks()) track.stop();
    },
    [session],
  );

  const start = useCallback(async () => {
    if (!session || starting.current || current.current) return;
    starting.current = true;
    try {
      const screen = await navigator.mediaDevices.getDisplayMedia({
        video: { frameRate: { max: SCREEN_FRAME_RATE } },
      });
      if (!alive.current) {
        for (const track of screen.getTracks()) track.stop();
        return;
      }
      const [track] = screen.getVideoTracks();
      if (!track) throw new Error('no video track');
      // Keep text sharp: under pressure lower the frame rate rather than the resolution.
      track.contentHint = 'detail';
      track.addEventListener('ended', () => {
        if (current.current === screen) void stop(true);
      });
      current.current = screen;
      setStream(screen);
      setNotice('sharing');
      await session.shareScreen(screen);
    } catch (error) {
      const cancelled = error instanceof DOMException && error.name === 'NotAllowedError';
      setNotice(cancelled ? 'cancelled' : 'failed');
      if (current.current) await stop(false);
    } finally {
      starting.current = false;
    }
  }, [session, stop]);

  // An ended call shares nothing: stop sharing. (A peer reconnecting gets the screen from CallSession.)
  useEffect(() => {
    if (!session) return;
    alive.current = true;
    const off = session.on('ended', () => void stop(true, false));
    return () => {
      off();
      alive.current = false;
      void stop(true);
    };
  }, [session, stop]);

  const toggle = useCallback(() => {
    if (current.current) void stop(true);
    else void start();
  }, [start, stop]);

  const supported =
    typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function';
  return { supported, stream, notice, toggle };
}
