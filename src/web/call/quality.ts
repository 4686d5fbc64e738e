/**
 * Connection quality for the call UI ("Verbindung: gut / mäßig / schlecht"), from getStats numbers.
 * Pure functions: stats are reduced to a snapshot, two snapshots are compared.
 */

export type Quality = 'good' | 'fair' | 'poor' | 'unknown';

export interface StatsSnapshot {
  /** ms, from the reports' timestamps. */
  timestamp: number;
  /** Summed over all inbound-rtp streams (audio and video). */
  packetsReceived: number;
  packetsLost: number;
  bytesReceived: number;
  /** Inbound video, when there is any; the busiest stream if several (camera + screen). */
  video?: { framesDecoded: number; framesPerSecond?: number };
  /** Seconds, of the selected candidate pair. */
  roundTripTime?: number;
}

export interface QualityThresholds {
  /** Packet loss ratio (0..1) still counted as good / fair. */
  lossGood: number;
  lossFair: number;
  /** Round-trip time in seconds. */
  rttGood: number;
  rttFair: number;
  /** Received video frames per second. */
  fpsGood: number;
  fpsFair: number;
}

// Loss and RTT bounds follow common VoIP guidance (≤ 2 % / ≤ 300 ms feels fine); 20 fps is our floor.
export const DEFAULT_THRESHOLDS: QualityThresholds = {
  lossGood: 0.02,
  lossFair: 0.08,
  rttGood: 0.3,
  rttFair: 0.6,
  fpsGood: 20,
  fpsFair: 10,
};

type Report = Record<string, unknown> & { type: string; id: string };

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

export function snapshotFromStats(report: RTCStatsReport): StatsSnapshot {
  const snapshot: StatsSnapshot = { timestamp: 0, packetsReceived: 0, packetsLost: 0, bytesReceived: 0 };
  let videoBytes = -1;
  let selectedPairId: string | undefined;
  const pairs = new Map<string, Report>();
  report.forEach((value: Report) => {
    snapshot.timestamp = Math.max(snapshot.timestamp, num(value.timestamp) ?? 0);
    if (value.type === 'inbound-rtp') {
      const bytes = num(value.bytesReceived) ?? 0;
      snapshot.packetsReceived += num(value.packetsReceived) ?? 0;
      snapshot.packetsLost += num(value.packetsLost) ?? 0;
      snapshot.bytesReceived += bytes;
      if (value.kind === 'video' && bytes > videoBytes) {
        videoBytes = bytes;
        const fps = num(value.framesPerSecond);
        snapshot.video = {
          framesDecoded: num(value.framesDecoded) ?? 0,
          ...(fps === undefined ? {} : { framesPerSecond: fps }),
        };
      }
    } else if (value.type === 'transport' && typeof value.selectedCandidatePairId === 'string') {
      selectedPairId = value.selectedCandidatePairId;
    } else if (value.type === 'candidate-pair') {
      pairs.set(value.id, value);
    }
  });
  // Chrome names the pair in the transport report; Firefox marks it `selected` on the pair itself.
  const selected =
    (selectedPairId ? pairs.get(selectedPairId) : undefined) ??
    [...pairs.values()].find(
      (pair) => pair.selected === true || (pair.nominated === true && pair.state === 'succeeded'),
    );
  const rtt = num(selected?.currentRoundTripTime);
  if (rtt !== undefined) snapshot.roundTripTime = rtt;
  return snapshot;
}

/**
 * Worst of loss, RTT and frame rate, over the interval since `prev` (or since the start without it).
 * `ignoreFrameRate` for when the other side turned its camera off: it then sends ~1 fps of black.
 */
export function assessQuality(
  prev: StatsSnapshot | undefined,
  now: StatsSnapshot,
  options: { thresholds?: QualityThresholds; ignoreFrameRate?: boolean } = {},
): Quality {
  const t = options.thresholds ?? DEFAULT_THRESHOLDS;
  const received = now.packetsReceived - (prev?.packetsReceived ?? 0);
  const lost = Math.max(0, now.packetsLost - (prev?.packetsLost ?? 0)); // duplicates can lower the count
  const grades: Quality[] = [];

  if (received + lost > 0) grades.push(grade(lost / (received + lost), t.lossGood, t.lossFair, 'lower'));
  else if (prev && prev.packetsReceived > 0) grades.push('poor'); // media stopped arriving

  if (now.roundTripTime !== undefined) grades.push(grade(now.roundTripTime, t.rttGood, t.rttFair, 'lower'));

  const fps = options.ignoreFrameRate ? undefined : frameRate(prev, now);
  if (fps !== undefined) grades.push(grade(fps, t.fpsGood, t.fpsFair, 'higher'));

  return worstQuality(grades);
}

/** The worst known grade (a call with several connections is as good as its worst); unknown if none. */
export function worstQuality(grades: Quality[]): Quality {
  for (const quality of ['poor', 'fair', 'good'] as const) if (grades.includes(quality)) return quality;
  return 'unknown';
}

function frameRate(prev: StatsSnapshot | undefined, now: StatsSnapshot): number | undefined {
  if (!now.video) return undefined;
  // Computed from decoded frames when possible: framesPerSecond is missing in some browsers.
  const seconds = prev ? (now.timestamp - prev.timestamp) / 1000 : 0;
  if (prev?.video && seconds > 0) return (now.video.framesDecoded - prev.video.framesDecoded) / seconds;
  return now.video.framesPerSecond;
}

function grade(value: number, good: number, fair: number, better: 'lower' | 'higher'): Quality {
  if (better === 'lower') return value <= good ? 'good' : value <= fair ? 'fair' : 'poor';
  return value >= good ? 'good' : value >= fair ? 'fair' : 'poor';
}
