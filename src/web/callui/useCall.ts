import { useEffect, useState } from 'react';
import type { CallPeer } from '../../shared/realtime';
import type { CallSession, CallState } from '../call/call-session';
import {
  assessQuality,
  type Quality,
  type StatsSnapshot,
  snapshotFromStats,
  worstQuality,
} from '../call/quality';

const QUALITY_EVERY_MS = 2000;

/** One other participant as the call UI shows them: their picture and sound once tracks arrived. */
export interface RemoteParticipant {
  peer: CallPeer;
  stream: MediaStream | null;
  /** The screen they share, while they do. */
  screen: MediaStream | null;
}

export interface CallView {
  state: CallState;
  remotes: RemoteParticipant[];
  /** Bumped whenever a remote track arrives, so views re-check audio/video tracks. */
  remoteTracks: number;
  /** The worst of the connections: the call is as good as its weakest link. */
  quality: Quality;
  /** Since when the citizen's page is closed (ISO instant); null while it is open, and on their side. */
  citizenAwaySince: string | null;
}

function remotesOf(session: CallSession): RemoteParticipant[] {
  return session.peers.map((peer) => {
    const connection = session.connections.get(peer.id);
    const stream = connection?.remoteStream;
    return {
      peer,
      stream: stream && stream.getTracks().length > 0 ? stream : null,
      screen: connection?.remoteScreen ?? null,
    };
  });
}

/** What the call UI needs of a CallSession, as React state. */
export function useCall(session: CallSession | null): CallView {
  const [state, setState] = useState<CallState>(session?.state ?? 'idle');
  const [remotes, setRemotes] = useState<RemoteParticipant[]>([]);
  const [remoteTracks, setRemoteTracks] = useState(0);
  const [quality, setQuality] = useState<Quality>('unknown');
  const [citizenAwaySince, setCitizenAwaySince] = useState<string | null>(null);

  useEffect(() => {
    if (!session) return;
    setState(session.state);
    setCitizenAwaySince(session.citizenAwaySince);
    const refresh = () => setRemotes(remotesOf(session));
    refresh();
    const offs = [
      session.on('state', setState),
      session.on('start', () => {
        refresh();
        setQuality('unknown');
      }),
      session.on('peers', refresh),
      session.on('remotestream', () => {
        refresh();
        setRemoteTracks((n) => n + 1);
      }),
      session.on('remotescreen', refresh),
      session.on('ended', () => setRemotes([])),
      session.on('citizenaway', setCitizenAwaySince),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [session]);

  useEffect(() => {
    if (!session || state !== 'connected') return;
    // Per connection, so each interval compares a connection with its own previous numbers.
    const previous = new WeakMap<RTCPeerConnection, StatsSnapshot>();
    let stopped = false;
    const timer = setInterval(async () => {
      const pcs = [...session.connections.values()].map((connection) => connection.pc);
      try {
        const grades = await Promise.all(
          pcs.map(async (pc) => {
            const snapshot = snapshotFromStats(await pc.getStats());
            const grade = assessQuality(previous.get(pc), snapshot);
            previous.set(pc, snapshot);
            return grade;
          }),
        );
        if (!stopped) setQuality(worstQuality(grades));
      } catch {
        // A connection closed meanwhile; the next round asks the ones left.
      }
    }, QUALITY_EVERY_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [session, state]);

  return { state, remotes, remoteTracks, quality, citizenAwaySince };
}
