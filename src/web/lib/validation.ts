import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { KIND_NOT_OFFERED } from '../../shared/appointment-kind-messages';
import { CALENDAR_MESSAGES } from '../../shared/calendar-messages';
import { UNTIL_PASSED, UNTIL_TOO_FAR } from '../../shared/clerk-state-details';
import type { ApiProblem } from '../api/client';

/** Error messages by field path, e.g. "openingHours.mon.0.to". */
export type FieldErrors = Record<string, string>;

/** Refinement messages of src/shared, turned into translation keys. */
const CUSTOM_MESSAGES: Record<string, string> = {
  'unknown IANA time zone': 'validation.timeZone',
  'intake field keys must be unique': 'validation.uniqueKeys',
  'a select field needs at least one option': 'validation.selectOptions',
  '"from" must be before "to"': 'validation.timeOrder',
  'opening intervals of one day must not overlap': 'validation.overlap',
  'must start with / or https://': 'validation.logoUrl',
  'lowercase letters, digits and -': 'validation.slug',
  'lowercase letters, digits and _; starts with a letter': 'validation.key',
  'expected HH:MM (00:00–23:59)': 'validation.time',
  'please accept the privacy notice': 'validation.consent',
  'expected a mobile number such as 0171 1234567 or +49 171 1234567': 'validation.mobile',
  'expected a phone number such as 0171 1234567 or +49 30 1234567': 'validation.phone',
  // Data-protection requests (src/shared/data-protection.ts, server: data-protection/erasure.ts).
  'choose at least one record': 'dataProtection.noRecord',
  'The note must not name the citizen or give their address or number': 'dataProtection.erasure.noteNames',
  'please tick this box': 'validation.tick',
  'please choose one': 'validation.choose',
  // The authority's limit of open appointments per e-mail address (server: booking/open-limit.ts).
  'too many open appointments for this address': 'validation.openLimit',
  // A kind (video, in person) the service does not offer (server: booking/booking-store.ts).
  [KIND_NOT_OFFERED]: 'booking.kindChoice.notOffered',
  // Intake answers the server refused (body.intake.<key>).
  required: 'validation.required',
  'expected a date YYYY-MM-DD': 'validation.date',
  // The embedding widget's settings (src/shared/embed.ts).
  'expected an https origin': 'adminEmbed.validation.origin',
  'each origin only once': 'adminEmbed.validation.originTwice',
  'expected a colour #rrggbb': 'adminEmbed.validation.color',
  'too little contrast with white': 'adminEmbed.validation.contrast',
  'tick at least one': 'adminIntegrations.tickAtLeastOne',
  // Webhook addresses the server refused (src/server/modules/webhooks/url-policy.ts).
  'must be an absolute https:// URL': 'adminIntegrations.webhooks.urlProblems.absolute',
  'must be an https:// URL': 'adminIntegrations.webhooks.urlProblems.https',
  'must not contain a user name or password': 'adminIntegrations.webhooks.urlProblems.credentials',
  'must not contain a fragment (#…)': 'adminIntegrations.webhooks.urlProblems.fragment',
  'must not point to this server (loopback)': 'adminIntegrations.webhooks.urlProblems.loopback',
  'must not point to a private or reserved address': 'adminIntegrations.webhooks.urlProblems.private',
  // A break's expected end the server refused (src/server/modules/clerk-states/clerk-state-store.ts).
  [UNTIL_PASSED]: 'staff.clerkState.untilPassed',
  [UNTIL_TOO_FAR]: 'staff.clerkState.untilTooFar',
  // Special dates and local holidays (src/shared/calendar.ts).
  ...Object.fromEntries(
    Object.entries(CALENDAR_MESSAGES).map(([key, message]) => [message, `specialDates.validation.${key}`]),
  ),
};

function issueMessage(issue: z.core.$ZodIssue, t: TFunction): string {
  const known = CUSTOM_MESSAGES[issue.message];
  if (known) return t(known);
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1
          ? t('validation.required')
          : t('validation.minLength', { min: issue.minimum });
      }
      if (issue.origin === 'array') return t('validation.minItems', { min: issue.minimum });
      return t('validation.min', { min: issue.minimum });
    case 'too_big':
      if (issue.origin === 'string') return t('validation.maxLength', { max: issue.maximum });
      if (issue.origin === 'array') return t('validation.maxItems', { max: issue.maximum });
      return t('validation.max', { max: issue.maximum });
    case 'invalid_type':
      return issue.expected === 'number' || issue.expected === 'int'
        ? t('validation.number')
        : t('validation.invalid');
    case 'invalid_format':
      if (issue.format === 'email') return t('validation.email');
      if (issue.format === 'date') return t('validation.date');
      return t('validation.format');
    default:
      return t('validation.invalid');
  }
}

/** The first message per field of a failed zod parse. */
export function zodFieldErrors(error: z.ZodError, t: TFunction): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || '_form';
    errors[path] ??= issueMessage(issue, t);
  }
  return errors;
}

/** Field errors of a 400 problem: "body.name" becomes "name". */
export function problemFieldErrors(problem: ApiProblem, t: TFunction): FieldErrors {
  const errors: FieldErrors = {};
  for (const e of problem.errors) {
    const path = e.field.replace(/^body\.?/, '') || '_form';
    errors[path] ??= CUSTOM_MESSAGES[e.message] ? t(CUSTOM_MESSAGES[e.message]!) : t('validation.invalid');
  }
  return errors;
}

/** A DOM id for the input at a field path inside one form. */
export const fieldId = (formId: string, path: string) => `${formId}-${path.replaceAll('.', '-')}`;
