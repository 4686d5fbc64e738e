import { z } from 'zod';

/**
 * A German or international mobile number in any usual spelling ("0171 1234567", "+49 (0)171/123 45 67",
 * "0049 171 1234567") as E.164 ("+491711234567"), or null when it is none. German numbers must be mobile
 * ones (015x, 016x, 017x): a landline cannot receive the reminder. Numbers without a leading 0, 00 or +
 * are refused rather than guessed.
 */
export function normaliseMobileNumber(input: string): string | null {
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
  if (!/^\+[1-9]\d{6,14}$/.test(s)) return null;
  if (s.startsWith('+49') && !/^\+491[5-7]\d{8,9}$/.test(s)) return null;
  return s;
}

/** A mobile number at the boundary, normalised to E.164 ("+491711234567"). */
export const MobileNumber = z
  .string()
  .max(40)
  .transform((value, ctx) => {
    const normalised = normaliseMobileNumber(value);
    if (normalised === null) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected a mobile number such as 0171 1234567 or +49 171 1234567',
      });
      return z.NEVER;
    }
    return normalised;
  });
