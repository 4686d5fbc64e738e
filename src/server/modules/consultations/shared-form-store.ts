import * as Y from 'yjs';
import type { ProtocolForm } from '../../../shared/consultations';
import { writeAnswers } from '../../../shared/form-doc';
import type { ParticipantId } from '../../../shared/realtime';
import { FormChecklist, FormDefinition } from '../../../shared/shared-form';
import type { Db, Queryable } from '../../db/client';
import { formRecordOf } from './shared-form-record';

/** What one consultation's form may store (its updates, merged when compacted). */
export const FORM_MAX_BYTES = 1024 * 1024;
/**
 * More stored updates than this are merged into one row (when the form is opened or written). Typing
 * makes one row per batch of key presses; reading thousands of them at once would take seconds.
 */
export const COMPACT_AFTER = 200;

/**
 * Who edits: the agent and the citizen are checked against the consultation itself; a guest (whose
 * records live elsewhere) counts when the server told this socket of the call (`inCall`).
 */
export interface FormEditor {
  agentId: string | null;
  visitId: string | null;
  guestInCall: boolean;
}

export function formEditor(participant: ParticipantId, inCall: boolean): FormEditor {
  const [role, id] = participant.split(':') as [string, string];
  return {
    agentId: role === 'agent' ? id : null,
    visitId: role === 'citizen' ? id : null,
    guestInCall: role === 'guest' && inCall,
  };
}

/** `c` is a live consultation the editor ($2 agent, $3 visit, $4 guest in the call) takes part in. */
const LIVE_PARTICIPANT = `c.ended_at IS NULL
  AND (c.agent_id = $2::uuid OR c.visit_id = $3::uuid OR $4::boolean)`;
const editorParams = (e: FormEditor) => [e.agentId, e.visitId, e.guestInCall];

export interface OpenForm {
  definition: FormDefinition;
  checklist: FormChecklist;
  /** All stored updates merged. */
  state: Uint8Array;
}

const EMPTY_STATE = Y.encodeStateAsUpdate(new Y.Doc());

/** Whether the bytes are a Yjs state vector (what a tab already has of the form). */
export function isStateVector(data: Uint8Array): boolean {
  try {
    Y.decodeStateVector(data);
    return true;
  } catch {
    return false;
  }
}

/** Rejects bytes that are not a Yjs update: one bad row would make the form unreadable for good. */
export function isYjsUpdate(data: Uint8Array): boolean {
  try {
    Y.decodeUpdate(data);
    return true;
  } catch {
    return false;
  }
}

/** The stored form with its updates merged; undefined while nobody opened it. */
async function loadForm(db: Queryable, consultationId: string) {
  const [form] = await db.query<{ tenantId: string; definition: unknown; checklist: unknown }>(
    `SELECT tenant_id AS "tenantId", definition, checklist FROM consultation_forms WHERE consultation_id = $1`,
    [consultationId],
  );
  if (!form) return undefined;
  const updates = await db.query<{ id: string | number; data: Uint8Array }>(
    'SELECT id, data FROM consultation_form_updates WHERE consultation_id = $1 ORDER BY id',
    [consultationId],
  );
  return {
    tenantId: form.tenantId,
    form: {
      definition: FormDefinition.parse(form.definition),
      checklist: FormChecklist.parse(form.checklist),
      state: updates.length > 0 ? mergeUpdates(updates.map((u) => new Uint8Array(u.data))) : EMPTY_STATE,
    },
    updates: updates.length,
    lastId: updates.at(-1)?.id,
  };
}

/**
 * One update with the content of all. Applied one by one to a document, which is several times faster
 * than Y.mergeUpdates for many small updates (measured: 1000 key presses 25 ms against 530 ms); updates
 * still waiting for an earlier one stay in the result.
 */
function mergeUpdates(updates: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

type Loaded = Awaited<ReturnType<typeof loadForm>>;

/** The shared forms of consultations: any server process reads and appends, none holds a document. */
export function createSharedFormStore(db: Db) {
  /** The form's definition: the booked service's questions and documents, or only free text for a walk-in. */
  async function create(consultationId: string, tenantId: string, visitId: string) {
    const [booked] = await db.query<{
      id: string;
      name: string;
      fields: unknown;
      documents: unknown;
      intake: Record<string, string | boolean>;
    }>(
      `SELECT svc.id, svc.name, svc.intake_fields AS fields, svc.required_documents AS documents, a.intake
         FROM appointments a JOIN services svc ON svc.id = a.service_id AND svc.tenant_id = a.tenant_id
        WHERE a.visit_id = $1 AND a.tenant_id = $2
        ORDER BY a.starts_at DESC LIMIT 1`,
      [visitId, tenantId],
    );
    const definition = FormDefinition.parse(
      booked
        ? {
            service: { id: booked.id, name: booked.name },
            fields: booked.fields,
            documents: booked.documents,
          }
        : { service: null, fields: [], documents: [] },
    );
    // What the citizen answered when booking is where the form starts.
    const doc = new Y.Doc();
    const written = writeAnswers(doc, definition.fields, booked?.intake ?? {});
    const seed = written > 0 ? Y.encodeStateAsUpdate(doc) : null;
    doc.destroy();
    await db.transaction(async (tx) => {
      // Two processes opening the form at once: one creates it (and its seed), the other waits and skips.
      const created = await tx.query(
        `INSERT INTO consultation_forms (tenant_id, consultation_id, definition, checklist, bytes, updates)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`,
        [
          tenantId,
          consultationId,
          JSON.stringify(definition),
          JSON.stringify(definition.documents.map(() => false)),
          seed?.length ?? 0,
          seed ? 1 : 0,
        ],
      );
      if (created.length > 0 && seed) {
        await tx.query(
          'INSERT INTO consultation_form_updates (tenant_id, consultation_id, data) VALUES ($1, $2, $3)',
          [tenantId, consultationId, Buffer.from(seed)],
        );
      }
    });
  }

  /**
   * Replaces the updates up to lastId by their merge. Updates are idempotent, so a second process
   * compacting at the same time at worst stores the same content twice.
   */
  async function compact(
    tenantId: string,
    consultationId: string,
    lastId: string | number,
    state: Uint8Array,
  ) {
    await db.transaction(async (tx) => {
      await tx.query('DELETE FROM consultation_form_updates WHERE consultation_id = $1 AND id <= $2', [
        consultationId,
        lastId,
      ]);
      await tx.query(
        'INSERT INTO consultation_form_updates (tenant_id, consultation_id, data) VALUES ($1, $2, $3)',
        [tenantId, consultationId, Buffer.from(state)],
      );
      await tx.query(
        `UPDATE consultation_forms f SET (bytes, updates) = (SELECT coalesce(sum(octet_length(u.data)), 0), count(*)
           FROM consultation_form_updates u WHERE u.consultation_id = f.consultation_id)
          WHERE f.consultation_id = $1`,
        [consultationId],
      );
    });
  }

  async function compactIfDue(loaded: Loaded | undefined, consultationId: string) {
    if (loaded && loaded.updates > COMPACT_AFTER && loaded.lastId !== undefined) {
      await compact(loaded.tenantId, consultationId, loaded.lastId, loaded.form.state);
    }
  }

  /** The live consultation, when the editor takes part in it. */
  async function liveConsultation(consultationId: string, editor: FormEditor) {
    const [consultation] = await db.query<{ tenantId: string; visitId: string }>(
      `SELECT c.tenant_id AS "tenantId", c.visit_id AS "visitId" FROM consultations c
        WHERE c.id = $1 AND ${LIVE_PARTICIPANT}`,
      [consultationId, ...editorParams(editor)],
    );
    return consultation;
  }

  return {
    isEditor: async (consultationId: string, editor: FormEditor) =>
      (await liveConsultation(consultationId, editor)) !== undefined,

    /** The form of a live consultation the editor takes part in (created on first open); undefined otherwise. */
    async open(consultationId: string, editor: FormEditor): Promise<OpenForm | undefined> {
      const consultation = await liveConsultation(consultationId, editor);
      if (!consultation) return undefined;
      let loaded = await loadForm(db, consultationId);
      if (!loaded) {
        await create(consultationId, consultation.tenantId, consultation.visitId);
        loaded = await loadForm(db, consultationId);
        if (!loaded) return undefined;
      }
      await compactIfDue(loaded, consultationId);
      return loaded.form;
    },

    /**
     * Stores one update of an editor of the live consultation. 'refused': not theirs, ended, or never
     * opened; 'full': the form reached FORM_MAX_BYTES.
     */
    async append(
      consultationId: string,
      editor: FormEditor,
      data: Uint8Array,
    ): Promise<'stored' | 'full' | 'refused'> {
      const [stored] = await db.query<{ updates: number }>(
        `WITH grown AS (
           UPDATE consultation_forms f SET bytes = f.bytes + $5, updates = f.updates + 1
             FROM consultations c
            WHERE f.consultation_id = $1 AND c.id = f.consultation_id AND c.tenant_id = f.tenant_id
              AND ${LIVE_PARTICIPANT} AND f.bytes + $5 <= $6
           RETURNING f.tenant_id, f.updates),
         stored AS (
           INSERT INTO consultation_form_updates (tenant_id, consultation_id, data)
           SELECT tenant_id, $1, $7 FROM grown RETURNING id)
         SELECT grown.updates FROM grown, stored`,
        [consultationId, ...editorParams(editor), data.length, FORM_MAX_BYTES, Buffer.from(data)],
      );
      if (stored) {
        if (stored.updates > COMPACT_AFTER)
          await compactIfDue(await loadForm(db, consultationId), consultationId);
        return 'stored';
      }
      const [member] = await db.query(
        `SELECT 1 FROM consultations c JOIN consultation_forms f ON f.consultation_id = c.id
          WHERE c.id = $1 AND ${LIVE_PARTICIPANT}`,
        [consultationId, ...editorParams(editor)],
      );
      return member ? 'full' : 'refused';
    },

    /** The agent of the live consultation ticks a document; undefined for anyone else or a wrong index. */
    async tick(
      consultationId: string,
      agentId: string,
      index: number,
      ticked: boolean,
    ): Promise<FormChecklist | undefined> {
      const [row] = await db.query<{ checklist: unknown }>(
        `UPDATE consultation_forms f SET checklist = jsonb_set(f.checklist, ARRAY[$3::text], to_jsonb($5::boolean))
           FROM consultations c
          WHERE f.consultation_id = $1 AND c.id = f.consultation_id AND c.tenant_id = f.tenant_id
            AND c.ended_at IS NULL AND c.agent_id = $2 AND $4::int < jsonb_array_length(f.checklist)
          RETURNING f.checklist`,
        [consultationId, agentId, String(index), index, ticked],
      );
      return row ? FormChecklist.parse(row.checklist) : undefined;
    },
  };
}
export type SharedFormStore = ReturnType<typeof createSharedFormStore>;

/** The form as the protocol states it; null when nobody opened it. Runs in the protocol's transaction. */
export async function formRecord(
  db: Queryable,
  consultation: { id: string; tenantId: string },
): Promise<ProtocolForm | null> {
  const loaded = await loadForm(db, consultation.id);
  if (!loaded || loaded.tenantId !== consultation.tenantId) return null;
  const { definition, checklist, state } = loaded.form;
  return formRecordOf(definition, checklist, state);
}
