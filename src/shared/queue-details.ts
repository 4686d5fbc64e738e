/**
 * Problem details of the queue that pages translate (lib/problemMessage.ts). A module of its own, without
 * schemas, so the citizen's first page does not load the visit schemas for one sentence.
 */

/** call-next's 409 when the only citizens waiting have closed their page. */
export const EVERYONE_AWAY =
  'Everyone waiting in this office has closed their page; call one of them by name';
