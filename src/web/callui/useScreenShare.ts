import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallSession } from '../call/call-session';

/** What the status region says about sharing: started, stopped, cancelled by the person, or failed. */
export type ScreenShareNotice = 'sharing' | 'stopped' | 'cancelled' | 'failed' | null;

export interface ScreenShare {
  /** The browser can share a screen at all (phones usually cannot). */
  supported: boolean;
  /** The shared screen while sharing, for the local preview. */
  stream: MediaStream | null;
  notice: ScreenShareNotice;
  toggle(): void;
}

/**
 * Camera↔screen in a running call: getDisplayMedia, then the video senders' track is replaced on
 * every peer connection (CallSession.replaceTrack, no reconnect; someone joining later gets the screen
 * too). Stopping — by button, by the browser's own "stop sharing" (the track ends) or because the call
 * ends — puts the camera back; the camera track keeps its on/off state, so a camera that is off stays
 * off. Without a camera the senders send nothing again.
 */
export function useScreenShare(session: CallSession | null, localStream: MediaStream | null): ScreenShare {
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [notice, setNotice] = useState<ScreenShareNotice>(null);
  const current = useRef<MediaStream | null>(null);
  const starting = useRef(false);
  const alive = useRef(true);
  // Read at stop time: a device switch may have swapped the camera track meanwhile.
  const camera = useRef(localStream);
  camera.current = localStream;

  const stop = useCallback(
    /** `restore`: put the camera back (not when the call ended: the next one starts with it anyway). */
    async (announce: boolean, restore = true) => {
      const screen = current.current;
      if (!screen) return;
      current.current = null;
      setStream(null);
      if (announce) setNotice('stopped');
      if (restore) {
        const cameraTrack = camera.current?.getVideoTracks()[0];
        try {
          if (cameraTrack) await session?.replaceTrack(cameraTrack);
          else await session?.stopSending('video');
        } catch {
          // A connection closed meanwhile; a new one starts with the camera anyway.
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
      const screen = await navigator.mediaDevices.getDisplayMedia({ video: true });
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
      await session.replaceTrack(track);
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
