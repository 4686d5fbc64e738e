import { useCallback, useEffect, useMemo, useState } from 'react';
import * as Y from 'yjs';
import { fromBase64, toBase64 } from '../../shared/base64';
import type { FormChecklist, FormDefinition } from '../../shared/shared-form';
import type { RealtimeClient } from '../call/realtime-client';

/** What the shared form needs of the tab's realtime client. */
export type FormClient = Pick<RealtimeClient, 'on' | 'onStateChange' | 'send' | 'state'>;

/** Key presses within this long travel as one message (the socket allows 30 messages a second). */
const BATCH_MS = 40;
/** Marks changes that came from the server, so they are not sent back. */
const FROM_SERVER = Symbol('server');

export interface SharedFormState {
  /** This tab's replica; fields bind to it (see form-doc.ts for its layout). */
  doc: Y.Doc;
  /** null until the server answered the first sync. */
  definition: FormDefinition | null;
  checklist: FormChecklist;
  /** The server refused further changes because the form reached its size limit. */
  full: boolean;
  /** The agent ticks or unticks a required document (the server refuses anyone else). */
  tick(index: number, ticked: boolean): void;
}

/**
 * One consultation's shared form: joins it whenever the socket is (re)opened, applies what the others
 * change, and sends this side's changes in small batches. Changes made while the socket was down are
 * not lost: each sync answer names what the server has, and the tab sends it the rest.
 */
export function useSharedForm(consultationId: string, client: FormClient | null): SharedFormState {
  // A fresh replica per consultation; an unused one is simply garbage-collected.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the consultation is what makes it new
  const doc = useMemo(() => new Y.Doc(), [consultationId]);
  const [definition, setDefinition] = useState<FormDefinition | null>(null);
  const [checklist, setChecklist] = useState<FormChecklist>([]);
  const [full, setFull] = useState(false);

  useEffect(() => {
    if (!client) return;
    const pending: Uint8Array[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const sendUpdate = (update: Uint8Array) =>
      client.send({ type: 'form.update', consultationId, update: toBase64(update) });
    // Unsent batches are not kept: the next sync after a reconnect carries whatever the server lacks.
    const flush = () => {
      timer = undefined;
      if (pending.length > 0) sendUpdate(Y.mergeUpdates(pending.splice(0)));
    };
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === FROM_SERVER) return;
      pending.push(update);
      timer ??= setTimeout(flush, BATCH_MS);
    };
    const applyFromServer = (update: string) => {
      try {
        Y.applyUpdate(doc, fromBase64(update), FROM_SERVER);
      } catch {
        // A damaged update changes nothing here; the next sync brings the stored state.
      }
    };
    const sync = () =>
      client.send({
        type: 'form.sync',
        consultationId,
        stateVector: toBase64(Y.encodeStateVector(doc)),
      });
    doc.on('update', onUpdate);
    const offs = [
      client.on('form.state', (message) => {
        if (message.consultationId !== consultationId) return;
        applyFromServer(message.update);
        setDefinition(message.definition);
        setChecklist(message.checklist);
        // What this tab changed that the server has not heard of (typed offline, or dropped batches).
        const missing = Y.encodeStateAsUpdate(doc, fromBase64(message.stateVector));
        if (changesSomething(missing)) sendUpdate(missing);
      }),
      client.on('form.update', (message) => {
        if (message.consultationId === consultationId) applyFromServer(message.update);
      }),
      client.on('form.checklist', (message) => {
        if (message.consultationId === consultationId) setChecklist(message.checklist);
      }),
      client.on('error', (message) => {
        if (message.code === 'form-full') setFull(true);
      }),
      client.onStateChange((state) => {
        if (state === 'open') sync();
      }),
    ];
    if (client.state === 'open') sync();
    return () => {
      clearTimeout(timer);
      flush();
      doc.off('update', onUpdate);
      for (const off of offs) off();
    };
  }, [client, consultationId, doc]);

  const tick = useCallback(
    (index: number, ticked: boolean) => {
      if (!client?.send({ type: 'form.checklist', consultationId, index, ticked })) return;
      // Shown at once; the server's answer (to every tab) confirms it.
      setChecklist((list) => list.map((value, i) => (i === index ? ticked : value)));
    },
    [client, consultationId],
  );

  return { doc, definition, checklist, full, tick };
}

/**
 * Whether an update holds items or deletions. Deletions add no items, so a state vector cannot tell
 * whether the server has them; the few bytes of this tab's deletions go along at each sync.
 */
function changesSomething(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length > 0 || ds.clients.size > 0;
}
