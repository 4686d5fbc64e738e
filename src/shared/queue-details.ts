/**
 * Problem details of the queue that pages translate (lib/problemMessage.ts). A module of its own, without
 * schemas, so the citizen's first page does not load the visit schemas for one sentence.
 */

/** call-next's 409 when the only citizens waiting have closed their page. */
export const EVERYONE_AWAY =
  'Everyone waiting in this office has closed their page; call one of them by name';

/**
 * call-next's 409 when everyone waiting is either sent back to another clerk for a moment or in the
 * pause before their recall.
 */
export const NOBODY_CALLABLE_YET =
  'Everyone waiting is in a recall pause or was sent back by another clerk for a moment';

/** Answering a call for help that a colleague answered first. */
export const HELP_ALREADY_ANSWERED = 'A colleague has already answered this call for help';

/** Answering a call for help that was withdrawn or whose call ended. */
export const HELP_OVER = 'This call for help is over';

/** Asking for help twice in one call. */
export const HELP_ALREADY_ASKED = 'You have already asked for help in this call';
