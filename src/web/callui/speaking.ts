/**
 * Who is speaking, from a participant's audio level (0..1 on the dB scale of call/audio-level.ts):
 * on above a level typical of speech, off only after a short quiet spell, so the caption does not
 * flicker between words.
 */
export interface Speaking {
  speaking: boolean;
  /** How long the level has stayed below the "off" threshold while speaking. */
  quietMs: number;
}

/** About -36 dBFS: quiet speech close to the microphone; room noise stays below. */
const ON_LEVEL = 0.4;
/** About -42 dBFS: the pause between words falls below this. */
const OFF_LEVEL = 0.3;
/** A pause longer than this ends the turn. */
const HOLD_MS = 700;

export const SILENT: Speaking = { speaking: false, quietMs: 0 };

export function nextSpeaking(state: Speaking, level: number, elapsedMs: number): Speaking {
  if (level >= ON_LEVEL) return { speaking: true, quietMs: 0 };
  if (!state.speaking) return SILENT;
  if (level >= OFF_LEVEL) return { speaking: true, quietMs: 0 };
  const quietMs = state.quietMs + elapsedMs;
  return quietMs >= HOLD_MS ? SILENT : { speaking: true, quietMs };
}
