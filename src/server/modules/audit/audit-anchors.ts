import { createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Db } from '../../db/client';
import { type JobHandler, scheduleSingleton } from '../../jobs/queue';
import { type AuditKeys, auditHash, type ChainProblem, canonical, type StoredAuditEvent } from './audit-hash';
import { auditBindingOf } from './audit-keys';

/**
 * Anchors: the head of each authority's chain, signed with the audit key, appended to a file outside
 * the database and DATA_DIR (AUDIT_ANCHOR_FILE) every few minutes and at shutdown. Someone who owns the
 * database (even with the key) cannot rewrite anchored history without the anchors disagreeing.
 */
export interface Anchor {
  tenant: string;
  seq: number;
  hash: string;
  at: string;
}
export interface SignedAnchor extends Anchor {
  v: 1;
  mac: string;
}

export const AUDIT_ANCHOR_JOB = 'audit.anchor';
export const ANCHOR_EVERY_SECONDS = 10 * 60;
/** The end of the anchor file read to find each authority's last anchor (one line is ≈ 250 bytes). */
const TAIL_BYTES = 1024 * 1024;

const mac = (keys: AuditKeys, a: Anchor) =>
  createHmac('sha256', keys.anchors)
    .update(canonical({ tenant: a.tenant, seq: a.seq, hash: a.hash, at: a.at }))
    .digest('hex');

export const signAnchor = (keys: AuditKeys, a: Anchor): SignedAnchor => ({ v: 1, ...a, mac: mac(keys, a) });

export function anchorIsGenuine(keys: AuditKeys, a: SignedAnchor): boolean {
  const expected = Buffer.from(mac(keys, a), 'hex');
  const given = Buffer.from(typeof a.mac === 'string' ? a.mac : '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function parseLine(line: string): SignedAnchor | 'invalid' | null {
  if (!line.trim()) return null;
  try {
    const a = JSON.parse(line) as SignedAnchor;
    const wellFormed =
      a?.v === 1 &&
      typeof a.tenant === 'string' &&
      Number.isInteger(a.seq) &&
      typeof a.hash === 'string' &&
      typeof a.at === 'string' &&
      typeof a.mac === 'string';
    return wellFormed ? a : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** Every anchor of one authority, in file order, and how many lines could not be read at all. */
export async function readAnchors(
  file: string,
  tenantId: string,
): Promise<{ anchors: SignedAnchor[]; unreadable: number }> {
  const anchors: SignedAnchor[] = [];
  let unreadable = 0;
  const stream = createReadStream(file, 'utf8');
  const missing = new Promise<boolean>((resolve) => {
    stream.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ENOENT'));
    stream.once('open', () => resolve(false));
  });
  if (await missing) return { anchors, unreadable };
  for await (const line of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
    const a = parseLine(line);
    if (a === 'invalid') unreadable++;
    else if (a?.tenant === tenantId) anchors.push(a);
  }
  return { anchors, unreadable };
}

/** Each authority's last genuine anchor in the file's last megabyte. */
async function lastAnchors(file: string, keys: AuditKeys): Promise<Map<string, SignedAnchor>> {
  const last = new Map<string, SignedAnchor>();
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return last;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - TAIL_BYTES);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8').split('\n');
    // A cut first line is no anchor.
    if (start > 0) lines.shift();
    for (const line of lines) {
      const a = parseLine(line);
      if (a && a !== 'invalid' && anchorIsGenuine(keys, a)) last.set(a.tenant, a);
    }
  } finally {
    await handle.close();
  }
  return last;
}

/**
 * Appends a signed anchor for every authority whose chain head moved since its last anchor. A head
 * that does not hold under the key is not anchored (verification reports it). Returns the anchors.
 */
export async function anchorAuditChains(db: Db, at: Date): Promise<SignedAnchor[]> {
  const { keys, anchorFile } = auditBindingOf(db);
  const heads = await db.query<Omit<StoredAuditEvent, 'at' | 'seq'> & { at: Date; seq: string }>(
    `SELECT DISTINCT ON (tenant_id) tenant_id AS "tenantId", seq, at, actor, action, object, details,
            prev_hash AS "prevHash", hash
       FROM audit_events ORDER BY tenant_id, seq DESC`,
  );
  const previous = await lastAnchors(anchorFile, keys);
  const anchors: SignedAnchor[] = [];
  for (const row of heads) {
    const { prevHash, hash, ...content } = { ...row, seq: Number(row.seq), at: row.at.toISOString() };
    if (auditHash(keys, prevHash, content) !== hash) continue;
    const last = previous.get(content.tenantId);
    if (last && last.seq === content.seq && last.hash === hash) continue;
    anchors.push(
      signAnchor(keys, { tenant: content.tenantId, seq: content.seq, hash, at: at.toISOString() }),
    );
  }
  if (anchors.length === 0) return anchors;
  await mkdir(dirname(anchorFile), { recursive: true, mode: 0o700 });
  // Opened for appending only ('a': O_APPEND), never truncated; one write for all lines.
  await appendFile(anchorFile, anchors.map((a) => `${JSON.stringify(a)}\n`).join(''), {
    flag: 'a',
    mode: 0o600,
  });
  return anchors;
}

export interface AnchorCheck {
  problem: ChainProblem | null;
  /** Genuine anchors of the authority that agree with the chain. */
  agreeing: number;
  /** Lines of the file that are no genuine anchor (bad signature, or unreadable). */
  forged: number;
  /** The last sequence number anchored and agreeing. */
  anchoredUpTo: number;
}

/**
 * Compares the chain with the authority's anchors, in order of sequence number: the first anchor that
 * disagrees (other hash, or the event is gone) makes the first event after the last agreeing anchor
 * the one reported: somewhere from there up to that anchor the history was rewritten.
 */
export function checkAnchors(
  keys: AuditKeys,
  chain: readonly StoredAuditEvent[],
  anchors: readonly SignedAnchor[],
  unreadable = 0,
): AnchorCheck {
  const bySeq = new Map(chain.map((e) => [e.seq, e]));
  const genuine = anchors.filter((a) => anchorIsGenuine(keys, a)).sort((a, b) => a.seq - b.seq);
  const forged = anchors.length - genuine.length + unreadable;
  let anchoredUpTo = 0;
  let agreeing = 0;
  for (const a of genuine) {
    const event = bySeq.get(a.seq);
    if (event?.hash === a.hash) {
      anchoredUpTo = Math.max(anchoredUpTo, a.seq);
      agreeing++;
      continue;
    }
    const found = event ? `has ${event.hash.slice(0, 16)}…` : 'has no such event';
    return {
      problem: {
        seq: anchoredUpTo + 1,
        problem: 'anchor-mismatch',
        detail:
          `the anchor of ${a.at} says event ${a.seq} had hash ${a.hash.slice(0, 16)}…, the database ${found}; ` +
          `last agreeing anchor: ${anchoredUpTo > 0 ? `event ${anchoredUpTo}` : 'none'}`,
      },
      agreeing,
      forged,
      anchoredUpTo,
    };
  }
  return { problem: null, agreeing, forged, anchoredUpTo };
}

/** Plans the next anchoring unless one is already pending. */
export const scheduleAuditAnchors = (db: Db, delaySeconds = 0) =>
  scheduleSingleton(db, AUDIT_ANCHOR_JOB, delaySeconds);

/** Every ANCHOR_EVERY_SECONDS: anchors the moved chain heads, then plans its successor. */
export function createAuditAnchorJob(deps: {
  db: Db;
  clock: () => Date;
  onError: (error: unknown) => void;
}): JobHandler {
  return async () => {
    try {
      await anchorAuditChains(deps.db, deps.clock());
    } catch (error) {
      deps.onError(error);
    }
    await scheduleAuditAnchors(deps.db, ANCHOR_EVERY_SECONDS);
  };
}
