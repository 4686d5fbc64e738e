import { describe, expect, it } from 'vitest';
import { nextSpeaking, SILENT, type Speaking } from './speaking';

const run = (levels: number[], stepMs = 100) => {
  let state: Speaking = SILENT;
  return levels.map((level) => {
    state = nextSpeaking(state, level, stepMs);
    return state.speaking;
  });
};

describe('speaking caption', () => {
  it('room noise never counts as speaking', () => {
    expect(run([0.1, 0.2, 0.35, 0.25, 0.38])).toEqual([false, false, false, false, false]);
  });

  it('speech turns it on at once and a short pause between words keeps it on', () => {
    expect(run([0.6, 0.1, 0.1, 0.1, 0.7])).toEqual([true, true, true, true, true]);
  });

  it('a pause of 0.7 s ends the turn; a level between the thresholds holds it', () => {
    expect(run([0.6, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1])).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
    expect(run([0.6, 0.32, 0.32, 0.32, 0.32, 0.32, 0.32, 0.32, 0.32]).every(Boolean)).toBe(true);
  });
});
