import { z } from 'zod';

/**
 * A phone number in any usual spelling ("0171 1234567", "+49 (0)171/123 45 67", "0049 30 1234567") as
 * E.164 ("+491711234567"), or null when it is none. Numbers without a leading 0, 00 or + are refused
 * rather than guessed; a leading single 0 is a German number.
 */
export function normalisePhoneNumber(input: string): string | null {
  let s = input
    .trim()
    // "+49 (0)171 …": the trunk zero in brackets is written but never dialled after the country code.
    .replace(/^(\+|00)(\d{1,3})\s*\(0\)/, '$1$2')
    .replace(/[\s\u00a0\-/().]/g, '');
  if (!/^(\+|\d)\d*$/.test(s)) return null;
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  else if (s.startsWith('0')) s = `+49${s.slice(1)}`;
  else if (!s.startsWith('+')) return null;
  // "+49 0171 …": the same trunk zero, written without brackets.
  if (s.startsWith('+490')) s = `+49${s.slice(4)}`;
  return /^\+[1-9]\d{6,14}$/.test(s) ? s : null;
}

/**
 * A German or international mobile number as E.164 (see normalisePhoneNumber), or null when it is none.
 * German numbers must be mobile ones (015x, 016x, 017x): a landline cannot receive the reminder.
 */
export function normaliseMobileNumber(input: string): string | null {
  const s = normalisePhoneNumber(input);
  if (s === null) return null;
  if (s.startsWith('+49') && !/^\+491[5-7]\d{8,9}$/.test(s)) return null;
  return s;
}

/** A number at the boundary, normalised to E.164 by `normalise`, or refused with `message`. */
const e164 = (normalise: (input: string) => string | null, message: string) =>
  z
    .string()
    .max(40)
    .transform((value, ctx) => {
      const normalised = normalise(value);
      if (normalised === null) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return normalised;
    });

/** A mobile number at the boundary, normalised to E.164 ("+491711234567"). */
export const MobileNumber = e164(
  normaliseMobileNumber,
  'expected a mobile number such as 0171 1234567 or +49 171 1234567',
);

/** Any phone number at the boundary (landlines too), normalised to E.164 ("+49301234567"). */
export const PhoneNumber = e164(
  normalisePhoneNumber,
  'expected a phone number such as 0171 1234567 or +49 30 1234567',
);
