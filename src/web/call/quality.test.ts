import { describe, expect, it } from 'vitest';
import { assessQuality, type StatsSnapshot, snapshotFromStats, worstQuality } from './quality';

const snap = (over: Partial<StatsSnapshot> = {}): StatsSnapshot => ({
  timestamp: 0,
  packetsReceived: 0,
  packetsLost: 0,
  bytesReceived: 0,
  ...over,
});

/** Two seconds of media with the given loss, RTT and frame rate. */
function interval(loss: number, rtt: number, fps: number) {
  const prev = snap({ timestamp: 10_000, packetsReceived: 1000, video: { framesDecoded: 300 } });
  const now = snap({
    timestamp: 12_000,
    packetsReceived: 1000 + Math.round(200 * (1 - loss)),
    packetsLost: Math.round(200 * loss),
    roundTripTime: rtt,
    video: { framesDecoded: 300 + fps * 2 },
  });
  return assessQuality(prev, now);
}

describe('assessQuality', () => {
  it('is unknown without any numbers', () => {
    expect(assessQuality(undefined, snap())).toBe('unknown');
  });

  it('grades a clean connection good', () => expect(interval(0, 0.05, 30)).toBe('good'));
  it('grades by the worst signal', () => {
    expect(interval(0.05, 0.05, 30)).toBe('fair');
    expect(interval(0, 0.45, 30)).toBe('fair');
    expect(interval(0, 0.05, 15)).toBe('fair');
    expect(interval(0.15, 0.05, 30)).toBe('poor');
    expect(interval(0, 1.2, 30)).toBe('poor');
    expect(interval(0, 0.05, 5)).toBe('poor');
  });

  it('uses the interval, not the history', () => {
    const prev = snap({ timestamp: 0, packetsReceived: 1000, packetsLost: 500 });
    expect(assessQuality(prev, snap({ timestamp: 2000, packetsReceived: 1200, packetsLost: 500 }))).toBe(
      'good',
    );
    expect(assessQuality(undefined, prev)).toBe('poor');
  });

  it('is poor when media stops arriving', () => {
    const prev = snap({ timestamp: 0, packetsReceived: 1000 });
    expect(assessQuality(prev, snap({ timestamp: 2000, packetsReceived: 1000 }))).toBe('poor');
  });

  it('can ignore the frame rate (remote camera off) and falls back to framesPerSecond', () => {
    const prev = snap({ timestamp: 0, packetsReceived: 100, video: { framesDecoded: 0 } });
    const now = snap({ timestamp: 2000, packetsReceived: 300, video: { framesDecoded: 2 } });
    expect(assessQuality(prev, now)).toBe('poor');
    expect(assessQuality(prev, now, { ignoreFrameRate: true })).toBe('good');
    expect(
      assessQuality(
        undefined,
        snap({ packetsReceived: 10, video: { framesDecoded: 9, framesPerSecond: 24 } }),
      ),
    ).toBe('good');
  });
});

describe('worstQuality', () => {
  it('is the worst known grade, unknown only without any', () => {
    expect(worstQuality([])).toBe('unknown');
    expect(worstQuality(['unknown', 'good'])).toBe('good');
    expect(worstQuality(['good', 'fair', 'unknown'])).toBe('fair');
    expect(worstQuality(['fair', 'poor', 'good'])).toBe('poor');
  });
});

describe('snapshotFromStats', () => {
  const report = (entries: Record<string, unknown>[]) =>
    new Map(entries.map((e) => [e.id as string, e])) as unknown as RTCStatsReport;

  it('sums inbound streams, takes the busiest video and the selected pair RTT (Chrome)', () => {
    const s = snapshotFromStats(
      report([
        {
          id: 'a',
          type: 'inbound-rtp',
          kind: 'audio',
          timestamp: 5,
          packetsReceived: 50,
          packetsLost: 1,
          bytesReceived: 100,
        },
        {
          id: 'v1',
          type: 'inbound-rtp',
          kind: 'video',
          timestamp: 6,
          packetsReceived: 100,
          packetsLost: 2,
          bytesReceived: 9000,
          framesDecoded: 60,
          framesPerSecond: 30,
        },
        {
          id: 'v2',
          type: 'inbound-rtp',
          kind: 'video',
          timestamp: 6,
          packetsReceived: 5,
          bytesReceived: 10,
          framesDecoded: 1,
        },
        { id: 't', type: 'transport', selectedCandidatePairId: 'p2' },
        { id: 'p1', type: 'candidate-pair', currentRoundTripTime: 0.9 },
        { id: 'p2', type: 'candidate-pair', currentRoundTripTime: 0.04 },
        { id: 'o', type: 'outbound-rtp', packetsSent: 999 },
      ]),
    );
    expect(s).toEqual({
      timestamp: 6,
      packetsReceived: 155,
      packetsLost: 3,
      bytesReceived: 9110,
      video: { framesDecoded: 60, framesPerSecond: 30 },
      roundTripTime: 0.04,
    });
  });

  it('finds the selected pair without a transport report (Firefox) and copes with audio only', () => {
    const s = snapshotFromStats(
      report([
        { id: 'a', type: 'inbound-rtp', kind: 'audio', timestamp: 1, packetsReceived: 5, bytesReceived: 50 },
        { id: 'p1', type: 'candidate-pair', state: 'failed', currentRoundTripTime: 0.9 },
        { id: 'p2', type: 'candidate-pair', selected: true, currentRoundTripTime: 0.1 },
      ]),
    );
    expect(s.video).toBeUndefined();
    expect(s.roundTripTime).toBe(0.1);
  });
});
