import { describe, expect, it } from 'vitest';
import { formatCountdown, holdMilestone } from './holdCountdown';

describe('hold countdown', () => {
  it('shows minutes and seconds', () => {
    expect(formatCountdown(30 * 60)).toBe('30:00');
    expect(formatCountdown(29 * 60 + 41)).toBe('29:41');
    expect(formatCountdown(9)).toBe('0:09');
    expect(formatCountdown(-3)).toBe('0:00');
  });

  it('changes what is announced only at the start, five minutes, one minute and the end', () => {
    const announced = new Set<string>();
    let previous = '';
    for (let s = 30 * 60; s >= 0; s--) {
      const milestone = holdMilestone(s);
      if (milestone !== previous) announced.add(`${milestone}@${s}`);
      previous = milestone;
    }
    expect([...announced]).toEqual(['start@1800', 'fiveMinutes@300', 'oneMinute@60', 'expired@0']);
  });
});
