import { useEffect, useState } from 'react';
import type { CallSession, CallState } from '../call/call-session';
import { assessQuality, type Quality, type StatsSnapshot, snapshotFromStats } from '../call/quality';

const QUALITY_EVERY_MS = 2000;

export interface CallView {
  state: CallState;
  remoteStream: MediaStream | null;
  /** Bumped whenever a remote track arrives, so views re-check audio/video tracks. */
  remoteTracks: number;
  quality: Quality;
}

/** What the call UI needs of a CallSession, as React state. */
export function useCall(session: CallSession | null): CallView {
  const [state, setState] = useState<CallState>(session?.state ?? 'idle');
  const [remoteStream, setRemoteStream] = useState<MediaStream | null>(null);
  const [remoteTracks, setRemoteTracks] = useState(0);
  const [quality, setQuality] = useState<Quality>('unknown');

  useEffect(() => {
    if (!session) return;
    setState(session.state);
    const existing = session.connection?.remoteStream;
    setRemoteStream(existing && existing.getTracks().length > 0 ? existing : null);
    const offs = [
      session.on('state', setState),
      session.on('start', () => {
        setRemoteStream(null);
        setQuality('unknown');
      }),
      session.on('remotestream', (stream) => {
        setRemoteStream(stream);
        setRemoteTracks((n) => n + 1);
      }),
      session.on('ended', () => setRemoteStream(null)),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [session]);

  useEffect(() => {
    if (!session || state !== 'connected') return;
    let previous: StatsSnapshot | undefined;
    let stopped = false;
    const timer = setInterval(async () => {
      const pc = session.pc;
      if (!pc) return;
      try {
        const snapshot = snapshotFromStats(await pc.getStats());
        if (stopped) return;
        setQuality(assessQuality(previous, snapshot));
        previous = snapshot;
      } catch {
        // The connection closed meanwhile.
      }
    }, QUALITY_EVERY_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [session, state]);

  return { state, remoteStream, remoteTracks, quality };
}
