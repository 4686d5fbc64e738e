import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiProblem } from '../api/client';
import de from '../i18n/de.json';
import en from '../i18n/en.json';
import { problemMessage } from './problemMessage';

const i18n = i18next.createInstance();
beforeAll(() => i18n.init({ resources: { de: { translation: de }, en: { translation: en } }, lng: 'de' }));

/** A 429 as the server's rate limits answer it (retryAfterSeconds comes from the Retry-After header). */
const tooMany = (retryAfterSeconds: number, scope: 'address' | 'office' = 'address') =>
  new ApiProblem(429, 'Too Many Requests', 'Too many requests', [], retryAfterSeconds, {
    reason: 'rate-limit',
    scope,
  });

describe('problemMessage for 429', () => {
  it("says the citizen's connection sent too many requests and how many seconds to wait", () => {
    expect(problemMessage(tooMany(42), i18n.t)).toBe(
      'Zu viele Anfragen von Ihrem Anschluss – bitte versuchen Sie es in 42 Sekunden erneut.',
    );
    expect(problemMessage(tooMany(1), i18n.getFixedT('en'))).toBe(
      'Too many requests from your connection – please try again in 1 second.',
    );
  });

  it('counts long waits in minutes (bookings per hour)', () => {
    expect(problemMessage(tooMany(3_000), i18n.t)).toBe(
      'Zu viele Anfragen von Ihrem Anschluss – bitte versuchen Sie es in 50 Minuten erneut.',
    );
  });

  it("does not blame the citizen's connection when the office as a whole is over its limit", () => {
    expect(problemMessage(tooMany(20, 'office'), i18n.t)).toBe(
      'Hier gehen gerade sehr viele Anfragen ein – bitte versuchen Sie es in 20 Sekunden erneut.',
    );
  });

  it('keeps the sign-in lockout message for 429s that are no rate limit', () => {
    const locked = new ApiProblem(
      429,
      'Too Many Requests',
      'Too many failed sign-ins. Try again in 60 s.',
      [],
      60,
    );
    expect(problemMessage(locked, i18n.t)).toBe(
      'Zu viele fehlgeschlagene Anmeldungen. Bitte versuchen Sie es in 60 Sekunden erneut.',
    );
  });
});
