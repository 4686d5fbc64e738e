import * as Y from 'yjs';
import { fromBase64, toBase64 } from '../../../shared/base64';
import type { ClientMessage, ParticipantId, ServerMessage } from '../../../shared/realtime';
import type { AppContext } from '../../context';
import { channels } from '../../realtime/bus';
import { createSharedFormStore, formEditor, isStateVector, isYjsUpdate } from './shared-form-store';

type FormMessage = Extract<ClientMessage, { type: `form.${string}` }>;

export interface SharedFormSocketDeps {
  ctx: AppContext;
  send(message: ServerMessage): void;
  /** Whether the server told this socket of the call (call.start without call.ended yet). */
  inCall(consultationId: string): boolean;
}

/**
 * The shared form's part of one socket: joining a consultation's form (the merged state from the
 * database, then every update through the bus channel of that form, whichever process stored it),
 * storing this side's updates, and the agent's checklist.
 */
export function createSharedFormSocket({ ctx, send, inCall }: SharedFormSocketDeps) {
  const store = createSharedFormStore(ctx.db);
  const watching = new Map<string, () => void>();
  const refuse = (code: string, message: string, field?: string) =>
    send({ type: 'error', code, message, ...(field === undefined ? {} : { field }) });
  const notInConsultation = () =>
    refuse('not-in-consultation', 'the form belongs to a live consultation you are not part of');
  const publish = (consultationId: string, message: ServerMessage) =>
    ctx.bus.publish(channels.form(consultationId), { kind: 'deliver', message });

  const watch = (self: ParticipantId, consultationId: string) => {
    if (watching.has(consultationId)) return;
    // A guest who left or was removed hears no more; agent and citizen leave only when the call ends,
    // after which nothing more is stored.
    const stillIn = () => !self.startsWith('guest:') || inCall(consultationId);
    const unsubscribe = ctx.bus.subscribe(channels.form(consultationId), (event) => {
      if (event.kind === 'deliver' && stillIn()) send(event.message);
    });
    watching.set(consultationId, unsubscribe);
  };
  const unwatch = (consultationId: string) => {
    watching.get(consultationId)?.();
    watching.delete(consultationId);
  };

  async function sync(self: ParticipantId, consultationId: string, stateVector: string) {
    const known = fromBase64(stateVector);
    // Checked before the form is opened: opening stores it, and a refused message stores nothing.
    if (!isStateVector(known))
      return refuse('bad-message', 'stateVector is not a Yjs state vector', 'stateVector');
    const editor = formEditor(self, inCall(consultationId));
    // Only a participant listens; and listens before reading, so an update stored meanwhile arrives
    // twice at worst, never not at all.
    if (!(await store.isEditor(consultationId, editor))) return notInConsultation();
    watch(self, consultationId);
    const form = await store.open(consultationId, editor);
    if (!form) {
      unwatch(consultationId);
      return notInConsultation();
    }
    const missing = Y.diffUpdate(form.state, known);
    send({
      type: 'form.state',
      consultationId,
      definition: form.definition,
      checklist: form.checklist,
      update: toBase64(missing),
      stateVector: toBase64(Y.encodeStateVectorFromUpdate(form.state)),
    });
  }

  async function update(self: ParticipantId, consultationId: string, encoded: string) {
    const data = fromBase64(encoded);
    if (!isYjsUpdate(data)) return refuse('bad-message', 'update is not a Yjs update', 'update');
    const result = await store.append(consultationId, formEditor(self, inCall(consultationId)), data);
    if (result === 'refused') return notInConsultation();
    if (result === 'full') return refuse('form-full', 'the form of this consultation is full');
    await publish(consultationId, { type: 'form.update', consultationId, update: encoded });
  }

  async function tick(self: ParticipantId, consultationId: string, index: number, ticked: boolean) {
    // Only the agent confirms documents; citizens and guests see the list.
    if (!self.startsWith('agent:')) return refuse('agent-only', 'only the agent ticks the checklist');
    const checklist = await store.tick(consultationId, self.slice('agent:'.length), index, ticked);
    if (!checklist) return notInConsultation();
    await publish(consultationId, { type: 'form.checklist', consultationId, checklist });
  }

  return {
    handle(self: ParticipantId, message: FormMessage): Promise<void> {
      switch (message.type) {
        case 'form.sync':
          return sync(self, message.consultationId, message.stateVector);
        case 'form.update':
          return update(self, message.consultationId, message.update);
        case 'form.checklist':
          return tick(self, message.consultationId, message.index, message.ticked);
      }
    },
    close() {
      for (const unsubscribe of watching.values()) unsubscribe();
      watching.clear();
    },
  };
}
