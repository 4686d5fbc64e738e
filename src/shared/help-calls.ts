import { z } from 'zod';

/**
 * A clerk's call for help from a consultation ("Hilfe in Büro X"): everyone with the office in their
 * workspace sees it; the first colleague to answer joins the call as a guest, speaking or silent.
 */
export const HelpCall = z.object({
  id: z.uuid(),
  consultationId: z.uuid(),
  /** Who asks (null once that account was deleted). */
  requestedBy: z.uuid().nullable(),
  requesterName: z.string(),
  requestedAt: z.string(),
  /** Who answered and since when; null while nobody has. */
  answeredBy: z.uuid().nullable(),
  answererName: z.string().nullable(),
  answeredAt: z.string().nullable(),
});
export type HelpCall = z.infer<typeof HelpCall>;

export const HelpAnswerRequest = z.preprocess(
  // A body-less answer (the server sees null) joins speaking.
  (body) => body ?? {},
  z.strictObject({
    /** Join with the microphone off: listen in first (it can be switched on in the call). */
    silent: z.boolean().default(false),
  }),
);
export type HelpAnswerRequest = z.infer<typeof HelpAnswerRequest>;

/** Where the answering colleague's browser joins the call: a one-time guest link of their own. */
export const HelpAnswerResult = z.object({ url: z.string() });
export type HelpAnswerResult = z.infer<typeof HelpAnswerResult>;
