/**
 * Speaker test: a short, soft two-note chime generated with Web Audio, so no sound file is
 * downloaded. Resolves when it has finished.
 */
export async function playTestTone(speakerId?: string): Promise<void> {
  const context = new AudioContext();
  const withSink = context as AudioContext & { setSinkId?: (id: string) => Promise<void> };
  try {
    if (speakerId && withSink.setSinkId) await withSink.setSinkId(speakerId).catch(() => {});
    await context.resume();
    const start = context.currentTime + 0.05;
    for (const [offset, frequency] of [
      [0, 660],
      [0.35, 880],
    ] as const) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      // A quick fade in and out avoids clicks.
      gain.gain.setValueAtTime(0, start + offset);
      gain.gain.linearRampToValueAtTime(0.2, start + offset + 0.03);
      gain.gain.linearRampToValueAtTime(0, start + offset + 0.3);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.32);
    }
    await new Promise((resolve) => setTimeout(resolve, 800));
  } finally {
    await context.close().catch(() => {});
  }
}
