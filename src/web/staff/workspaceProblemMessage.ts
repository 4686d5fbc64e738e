import type { TFunction } from 'i18next';
import {
  EVERYONE_AWAY,
  HELP_ALREADY_ANSWERED,
  HELP_ALREADY_ASKED,
  HELP_OVER,
  NOBODY_CALLABLE_YET,
} from '../../shared/queue-details';
import { ApiProblem } from '../api/client';
import { problemMessage } from '../lib/problemMessage';

/** Details only the workspace's actions meet (calling, calls for help): kept off the citizens' pages. */
const WORKSPACE_DETAILS: Record<string, string> = {
  [EVERYONE_AWAY]: 'staff.queue.everyoneAway',
  [NOBODY_CALLABLE_YET]: 'staff.queue.nobodyCallableYet',
  [HELP_ALREADY_ANSWERED]: 'staff.help.alreadyAnswered',
  [HELP_OVER]: 'staff.help.over',
  [HELP_ALREADY_ASKED]: 'staff.help.alreadyAsked',
};

/** Why a workspace action failed, in the clerk's words. */
export function workspaceProblemMessage(error: unknown, t: TFunction): string {
  const known = error instanceof ApiProblem && error.detail ? WORKSPACE_DETAILS[error.detail] : undefined;
  return known ? t(known) : problemMessage(error, t);
}
