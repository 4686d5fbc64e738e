import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { levelFromRms, rms, watchAudioLevel } from './audio-level';

describe('rms', () => {
  it('measures signals', () => {
    expect(rms([])).toBe(0);
    expect(rms([0, 0, 0])).toBe(0);
    expect(rms([1, -1, 1, -1])).toBe(1);
    expect(rms([0.5, -0.5])).toBeCloseTo(0.5);
    // A full-scale sine has RMS 1/√2.
    const sine = Float32Array.from({ length: 1000 }, (_, i) => Math.sin((2 * Math.PI * i) / 100));
    expect(rms(sine)).toBeCloseTo(Math.SQRT1_2, 3);
  });
});

describe('levelFromRms', () => {
  it('maps -60..0 dBFS to 0..1', () => {
    expect(levelFromRms(0)).toBe(0);
    expect(levelFromRms(0.001)).toBeCloseTo(0); // -60 dBFS
    expect(levelFromRms(0.0316)).toBeCloseTo(0.5, 2); // -30 dBFS
    expect(levelFromRms(1)).toBe(1);
    expect(levelFromRms(Number.NaN)).toBe(0);
  });

  it('property: stays in 0..1 and grows with the signal', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        (a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(levelFromRms(low)).toBeGreaterThanOrEqual(0);
          expect(levelFromRms(high)).toBeLessThanOrEqual(1);
          expect(levelFromRms(low)).toBeLessThanOrEqual(levelFromRms(high));
        },
      ),
    );
  });
});

describe('watchAudioLevel', () => {
  it('reports levels from the analyser and cleans up', () => {
    vi.useFakeTimers();
    const source = { connect: vi.fn(), disconnect: vi.fn() };
    const analyser = { fftSize: 0, getFloatTimeDomainData: (data: Float32Array) => data.fill(1) };
    const context = {
      resume: vi.fn(async () => {}),
      close: vi.fn(async () => {}),
      createMediaStreamSource: () => source,
      createAnalyser: () => analyser,
    };
    const levels: number[] = [];
    const stop = watchAudioLevel({} as MediaStream, (level) => levels.push(level), {
      createAudioContext: () => context as unknown as AudioContext,
    });
    vi.advanceTimersByTime(250);
    expect(levels).toEqual([1, 1]);
    stop();
    stop();
    vi.advanceTimersByTime(1000);
    expect(levels).toHaveLength(2);
    expect(source.disconnect).toHaveBeenCalledTimes(1);
    expect(context.close).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });

  it('leaves a shared context open for the other meters', () => {
    const context = {
      resume: vi.fn(async () => {}),
      close: vi.fn(async () => {}),
      createMediaStreamSource: () => ({ connect() {}, disconnect: vi.fn() }),
      createAnalyser: () => ({ fftSize: 0, getFloatTimeDomainData() {} }),
    };
    const stop = watchAudioLevel({} as MediaStream, () => {}, {
      sharedContext: context as unknown as AudioContext,
    });
    stop();
    expect(context.close).not.toHaveBeenCalled();
  });

  it('resumes a context the browser kept suspended at the first click or key, and stops listening after', () => {
    const context = {
      resume: vi.fn(async () => {}),
      close: vi.fn(async () => {}),
      createMediaStreamSource: () => ({ connect() {}, disconnect() {} }),
      createAnalyser: () => ({ fftSize: 0, getFloatTimeDomainData() {} }),
    };
    const page = new EventTarget();
    const stop = watchAudioLevel({} as MediaStream, () => {}, {
      createAudioContext: () => context as unknown as AudioContext,
      gestureTarget: page,
    });
    expect(context.resume).toHaveBeenCalledTimes(1);
    page.dispatchEvent(new Event('keydown'));
    expect(context.resume).toHaveBeenCalledTimes(2);
    stop();
    page.dispatchEvent(new Event('pointerdown'));
    expect(context.resume).toHaveBeenCalledTimes(2);
  });
});
