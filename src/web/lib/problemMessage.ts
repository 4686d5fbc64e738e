import type { TFunction } from 'i18next';
import { ApiProblem } from '../api/client';

/**
 * Server details we know, translated; anything else keeps the server's own detail. The workspace's own
 * details are translated in staff/workspaceProblemMessage.ts (not loaded with a citizen's first page).
 */
const KNOWN_DETAILS: Record<string, string> = {
  'An object with these values already exists': 'problem.duplicate',
  'It refers to an object that does not exist, or is still referred to by others': 'problem.inUse',
  'A unit cannot be moved below itself': 'problem.unitCycle',
  'You cannot remove your own administrator rights': 'problem.ownRights',
  'It overlaps with an existing entry': 'problem.overlap',
  'This time is no longer free. Please choose another one.': 'problem.slotTaken',
  'This time was just taken. Please choose another one.': 'problem.slotTaken',
  'This appointment cannot be cancelled any more': 'problem.notCancellable',
  'This appointment has begun and can no longer be cancelled': 'problem.notCancellable',
  'Only a booked appointment can be moved': 'problem.notMovable',
  'This e-mail address already has as many open appointments as this authority allows': 'problem.openLimit',
  'Only a booked appointment that has begun can be marked as missed': 'problem.noShowEarly',
};

/**
 * A rate limit's 429 says whose requests were too many (this connection's, or everyone's at this office)
 * and how long to wait, in minutes once that is long (bookings per hour); any other 429 is a sign-in lockout.
 */
function tooManyMessage(error: ApiProblem, t: TFunction): string {
  const seconds = error.retryAfterSeconds ?? 60;
  if (error.extensions.reason !== 'rate-limit') return t('problem.tooMany', { seconds });
  const wait =
    seconds <= 90
      ? t('problem.waitSeconds', { count: seconds })
      : t('problem.waitMinutes', { count: Math.ceil(seconds / 60) });
  return t(error.extensions.scope === 'office' ? 'problem.officeBusy' : 'problem.rateLimited', { wait });
}

/** A sentence for the user explaining why a request failed. */
export function problemMessage(error: unknown, t: TFunction): string {
  if (!(error instanceof ApiProblem)) return t('problem.unexpected');
  const known = error.detail ? KNOWN_DETAILS[error.detail] : undefined;
  if (known) return t(known);
  switch (error.status) {
    case 0:
      return t('problem.network');
    case 400:
      return t('problem.invalid');
    case 401:
      return t('problem.unauthorized');
    case 403:
      return t('problem.forbidden');
    case 404:
      return t('problem.notFound');
    case 429:
      return tooManyMessage(error, t);
    default:
      return error.status >= 500 ? t('problem.server') : (error.detail ?? error.title);
  }
}
