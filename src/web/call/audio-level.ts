/**
 * Microphone level meter for the device check and the mute button ("you are muted but speaking").
 * The Web Audio part is a thin shell; the maths is pure and unit tested.
 */

/** Root mean square of samples in [-1, 1]; 0 for none. */
export function rms(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const sample = samples[i] ?? 0;
    sum += sample * sample;
  }
  return Math.sqrt(sum / samples.length);
}

/**
 * Maps RMS to a 0..1 meter on a decibel scale (-60 dBFS → 0, 0 dBFS → 1): speech sits around
 * -30..-10 dBFS, which a linear scale would squash into the bottom fifth of the bar.
 */
export function levelFromRms(value: number, floorDb = -60): number {
  if (!(value > 0)) return 0;
  const db = 20 * Math.log10(value);
  return Math.min(1, Math.max(0, (db - floorDb) / -floorDb));
}

export interface AudioLevelOptions {
  /** Injectable for tests; defaults to the browser's AudioContext, created on call. */
  createAudioContext?: () => AudioContext;
  /** One context shared by several meters (a call's participants): used, and left open when one stops. */
  sharedContext?: AudioContext;
  /** Timer, not requestAnimationFrame: the meter must keep working in a background tab. */
  intervalMs?: number;
  /** Where a user gesture resumes a suspended context; defaults to the document. */
  gestureTarget?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
}

/** Calls onLevel(0..1) every interval until the returned function is called. */
export function watchAudioLevel(
  stream: MediaStream,
  onLevel: (level: number) => void,
  options: AudioLevelOptions = {},
): () => void {
  const context = options.sharedContext ?? options.createAudioContext?.() ?? new AudioContext();
  // Autoplay rules may start the context suspended until the user first clicks or types on the page.
  const resume = () => void context.resume().catch(() => {});
  resume();
  const gestures = ['pointerdown', 'keydown'] as const;
  const target = options.gestureTarget ?? (typeof document === 'undefined' ? undefined : document);
  for (const gesture of gestures) target?.addEventListener(gesture, resume);
  const source = context.createMediaStreamSource(stream);
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser); // not to destination: the user must not hear themselves
  const samples = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    onLevel(levelFromRms(rms(samples)));
  }, options.intervalMs ?? 100);

  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    for (const gesture of gestures) target?.removeEventListener(gesture, resume);
    source.disconnect();
    // Browsers limit live AudioContexts per page; a meter with a context of its own closes it.
    if (!options.sharedContext) void context.close().catch(() => {});
  };
}
