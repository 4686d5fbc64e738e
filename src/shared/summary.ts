import { z } from 'zod';
import { plainText } from './consultations';

/**
 * The summary mail a citizen may get after a consultation, if the agent chooses: what was done and what
 * comes next, in plain words. Built from the issued protocol, without the agent's internal notes.
 */

export const SummaryLanguage = z.enum(['de', 'en']);

export const SummaryRequest = z.strictObject({
  email: z.email().max(254),
  /** The agent's words to the citizen, e.g. which documents to send; plain text. */
  message: plainText(4000).trim().default(''),
  language: SummaryLanguage.default('de'),
});
export type SummaryRequest = z.infer<typeof SummaryRequest>;

/** What the form starts from: the address the citizen booked with, if the visit came from a booking. */
export const SummaryDefaults = z.object({
  email: z.string().nullable(),
  language: SummaryLanguage,
  /** The protocol the summary would be built from; null until one is issued. */
  protocolVersion: z.int().nullable(),
});
export type SummaryDefaults = z.infer<typeof SummaryDefaults>;
