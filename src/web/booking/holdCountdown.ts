import { useEffect, useState } from 'react';

/**
 * When a screen reader hears how long is left to activate a held booking: once at the start, at five
 * minutes and at one minute, and when the time is up. Never every second.
 */
export type HoldMilestone = 'start' | 'fiveMinutes' | 'oneMinute' | 'expired';

export function holdMilestone(secondsLeft: number): HoldMilestone {
  if (secondsLeft <= 0) return 'expired';
  if (secondsLeft <= 60) return 'oneMinute';
  if (secondsLeft <= 300) return 'fiveMinutes';
  return 'start';
}

/** "29:41": whole minutes and seconds left. */
export function formatCountdown(secondsLeft: number): string {
  const left = Math.max(0, Math.floor(secondsLeft));
  return `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
}

/**
 * Seconds left of `initialSeconds` counted from the first render on this device's monotonic clock, so a
 * device whose wall clock is off still counts the server's hold correctly. Stops at 0.
 */
export function useSecondsLeft(initialSeconds: number): number {
  const [deadline] = useState(() => performance.now() + initialSeconds * 1000);
  const [left, setLeft] = useState(initialSeconds);
  useEffect(() => {
    const timer = setInterval(() => {
      const now = Math.max(0, Math.ceil((deadline - performance.now()) / 1000));
      setLeft(now);
      if (now === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [deadline]);
  return left;
}
