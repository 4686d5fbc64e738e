import { z } from 'zod';
import { IntakeField } from './admin';
import { Id } from './fields';

/**
 * The form both sides fill together in a call: the service's intake fields as a Yjs document
 * (see form-doc.ts), synced over the tab's WebSocket, and the required-documents checklist that only
 * the agent ticks (server state, not part of the Yjs document, so no citizen update can touch it).
 */

/** Largest Yjs update one message may carry (base64 characters), well below the socket's 64 KiB. */
export const FORM_UPDATE_MAX_CHARS = 48_000;
/** A state vector grows by a few bytes per tab that ever edited the form. */
const STATE_VECTOR_MAX_CHARS = 8_000;

const Base64 = z.base64();

/** What the form asks, fixed when it is first opened in the consultation. */
export const FormDefinition = z.object({
  /** The booked service; null for a walk-in, whose form has only the free-text field. */
  service: z.object({ id: Id, name: z.string() }).nullable(),
  fields: z.array(IntakeField),
  /** The service's required documents, in the order of the checklist. */
  documents: z.array(z.string()),
});
export type FormDefinition = z.infer<typeof FormDefinition>;

/** Per required document (same order): has the agent seen it? */
export const FormChecklist = z.array(z.boolean());
export type FormChecklist = z.infer<typeof FormChecklist>;

export const FormClientMessages = [
  /** Join the form: the server answers form.state with what this state vector lacks. */
  z.strictObject({
    type: z.literal('form.sync'),
    consultationId: Id,
    stateVector: Base64.max(STATE_VECTOR_MAX_CHARS),
  }),
  /** A Yjs update made on this side. */
  z.strictObject({
    type: z.literal('form.update'),
    consultationId: Id,
    update: Base64.min(1).max(FORM_UPDATE_MAX_CHARS),
  }),
  /** The agent ticks (or unticks) a required document; refused for anyone else. */
  z.strictObject({
    type: z.literal('form.checklist'),
    consultationId: Id,
    index: z.int().min(0).max(29),
    ticked: z.boolean(),
  }),
] as const;

export const FormServerMessages = [
  /** Answer to form.sync: the definition, the checklist, the updates the client lacked, the server's state vector. */
  z.object({
    type: z.literal('form.state'),
    consultationId: Id,
    definition: FormDefinition,
    checklist: FormChecklist,
    update: Base64,
    stateVector: Base64,
  }),
  /** A Yjs update from a participant (its author's own tabs get it too). */
  z.object({ type: z.literal('form.update'), consultationId: Id, update: Base64 }),
  z.object({ type: z.literal('form.checklist'), consultationId: Id, checklist: FormChecklist }),
] as const;

/** Narrows a realtime message to the shared form's. */
export const isFormMessage = <T extends { type: string }>(
  message: T,
): message is Extract<T, { type: `form.${string}` }> => message.type.startsWith('form.');
