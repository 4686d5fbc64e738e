import { useEffect, useState } from 'react';
import { watchAudioLevel } from '../call/audio-level';
import { nextSpeaking, SILENT } from './speaking';

const EVERY_MS = 150;

/** One AudioContext for all the call's speakers (each context runs an audio thread of its own). */
let shared: { context: AudioContext; users: number } | null = null;

function borrowContext(): AudioContext {
  if (!shared) shared = { context: new AudioContext(), users: 0 };
  shared.users += 1;
  return shared.context;
}

function returnContext() {
  if (!shared) return;
  shared.users -= 1;
  if (shared.users > 0) return;
  void shared.context.close().catch(() => {});
  shared = null;
}

/** Whether the person behind this stream speaks now, from the level of their sound (not announced). */
export function useSpeaking(stream: MediaStream | null): boolean {
  const [speaking, setSpeaking] = useState(false);
  // A stream gains its audio track after its video at times: watch again when the track changes.
  const audioTrackId = stream?.getAudioTracks()[0]?.id;
  useEffect(() => {
    if (!stream || !audioTrackId || typeof AudioContext === 'undefined') return;
    let state = SILENT;
    const stop = watchAudioLevel(
      stream,
      (level) => {
        state = nextSpeaking(state, level, EVERY_MS);
        setSpeaking(state.speaking);
      },
      { intervalMs: EVERY_MS, sharedContext: borrowContext() },
    );
    return () => {
      stop();
      returnContext();
      setSpeaking(false);
    };
  }, [stream, audioTrackId]);
  return speaking;
}
