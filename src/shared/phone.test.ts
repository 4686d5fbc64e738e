import { describe, expect, it } from 'vitest';
import { normaliseMobileNumber, normalisePhoneNumber } from './phone';

describe('phone numbers as E.164', () => {
  it('reads any usual spelling of a number, landlines too', () => {
    for (const spelling of ['030 1234567', '+49 (0)30 123 45 67', '0049 30/1234567', '+49 030-1234567']) {
      expect(normalisePhoneNumber(spelling), spelling).toBe('+49301234567');
    }
    expect(normalisePhoneNumber('0171 2345678')).toBe('+491712345678');
    expect(normalisePhoneNumber('+43 1 5124567')).toBe('+4315124567');
  });

  it('refuses what is no number rather than guessing', () => {
    for (const junk of ['30 1234567', 'Anna', '+49', '', '0171 2345678 ext. 5']) {
      expect(normalisePhoneNumber(junk), junk).toBeNull();
    }
  });

  it('keeps mobile numbers for SMS: a German landline is none', () => {
    expect(normaliseMobileNumber('030 1234567')).toBeNull();
    expect(normaliseMobileNumber('0171 2345678')).toBe('+491712345678');
  });
});
