import { request } from 'node:http';
import WebSocket from 'ws';
import { type PowChallenge, PROOF_OF_WORK_HEADER } from '../../src/shared/proof-of-work';
import { addBookableService } from './booking';
import { solveProofOfWork } from './proof-of-work';
import type { WalkInScene } from './walk-in';

/**
 * A script as an attacker would write it, from one address (a second loopback address, so the server
 * sees it apart from the browser at 127.0.0.1): it tries to fill a waiting room, to hold many citizen
 * sockets and to book out slots, as fast as the server lets it. It solves each proof of work (with
 * Node's native PBKDF2, faster than a browser) and gives up on nothing but what the server refuses.
 * Bounded: a fixed number of tries per kind, a deadline, only the given base URL (127.0.0.1).
 */
export interface AttackPlan {
  baseUrl: string;
  /** The attacker's own source address, e.g. 127.0.0.2. */
  localAddress: string;
  tenantSlug: string;
  officeSlug: string;
  serviceId: string;
  /** Slot starts to try to book, one booking each. */
  slots: string[];
  /** The service's intake answers, so the bookings pass validation and meet the proof of work. */
  intake: Record<string, string | boolean>;
  entries: number;
  sockets: number;
  /** Stops trying (in-flight requests finish) after this long. */
  deadlineMs: number;
  /** Requests in flight at once per kind. */
  concurrency?: number;
}

export interface AttackTally {
  tried: number;
  succeeded: number;
  /** Answers by HTTP status (or "error" for a failed connection, "closed" for a socket closed on us). */
  answers: Record<string, number>;
}

export interface AttackReport {
  entries: AttackTally;
  sockets: AttackTally;
  bookings: AttackTally;
  elapsedMs: number;
}

interface Answer {
  status: number;
  body: string;
}

function send(plan: AttackPlan, method: string, path: string, body?: object, headers: object = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      `${plan.baseUrl}${path}`,
      {
        method,
        localAddress: plan.localAddress,
        headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const tally = (): AttackTally => ({ tried: 0, succeeded: 0, answers: {} });
const count = (t: AttackTally, answer: string) => {
  t.answers[answer] = (t.answers[answer] ?? 0) + 1;
};

/** Runs `tries` attempts, `concurrency` at a time, until the deadline. */
async function flood(
  tries: number,
  concurrency: number,
  deadline: number,
  attempt: (i: number) => Promise<void>,
) {
  let next = 0;
  const worker = async () => {
    while (next < tries && Date.now() < deadline) await attempt(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** A challenge, solved, then the POST; refused challenges are not solved (a script saves its CPU). */
async function provenPost(
  plan: AttackPlan,
  path: string,
  body: object,
  t: AttackTally,
): Promise<Answer | null> {
  t.tried++;
  try {
    const challenge = await send(plan, 'GET', path.replace(/\/(visits|appointments)$/, '/challenge'));
    if (challenge.status !== 200) {
      count(t, String(challenge.status));
      return null;
    }
    const proof = await solveProofOfWork(JSON.parse(challenge.body) as PowChallenge);
    const answer = await send(plan, 'POST', path, body, { [PROOF_OF_WORK_HEADER]: proof });
    count(t, String(answer.status));
    if (answer.status < 300) t.succeeded++;
    return answer;
  } catch {
    count(t, 'error');
    return null;
  }
}

/** Opens a citizen socket and says hello with the token; keeps it if the server does not close it at once. */
function holdSocket(plan: AttackPlan, visitToken: string, t: AttackTally, open: WebSocket[]) {
  t.tried++;
  return new Promise<void>((resolve) => {
    const ws = new WebSocket(`${plan.baseUrl.replace(/^http/, 'ws')}/api/ws`, {
      localAddress: plan.localAddress,
      headers: { origin: plan.baseUrl },
    });
    let settled = false;
    const done = (answer: string, held: boolean) => {
      if (settled) return;
      settled = true;
      count(t, answer);
      if (held) open.push(ws);
      else ws.terminate();
      resolve();
    };
    ws.on('unexpected-response', (_req, res) => done(String(res.statusCode), false));
    ws.on('error', () => done('error', false));
    ws.on('open', () => {
      ws.send(JSON.stringify({ type: 'hello', as: 'citizen', visitToken }));
      const settle = setTimeout(() => done('open', true), 300);
      ws.once('close', (code) => {
        clearTimeout(settle);
        done(`closed ${code}`, false);
      });
    });
  });
}

/** Runs the three attacks side by side; the sockets stay open until `release` is called. */
export async function runAttack(plan: AttackPlan): Promise<AttackReport & { release(): void }> {
  const started = Date.now();
  const deadline = started + plan.deadlineMs;
  const concurrency = plan.concurrency ?? 8;
  const entries = tally();
  const sockets = tally();
  const bookings = tally();
  const tokens: string[] = [];
  const held: WebSocket[] = [];
  const visits = `/api/public/tenants/${plan.tenantSlug}/offices/${plan.officeSlug}/visits`;
  const appointments = `/api/public/tenants/${plan.tenantSlug}/services/${plan.serviceId}/appointments`;

  await Promise.all([
    flood(plan.entries, concurrency, deadline, async (i) => {
      const answer = await provenPost(plan, visits, { displayName: `Bot ${i}` }, entries);
      if (answer?.status === 201) tokens.push(JSON.parse(answer.body).visitToken);
    }),
    flood(plan.sockets, concurrency, deadline, async (i) => {
      // Sockets for the entries that got through, and for made-up tokens (which still cost a slot).
      await holdSocket(
        plan,
        tokens[i % Math.max(1, tokens.length)] ?? `x${'0'.repeat(40)}${i}`,
        sockets,
        held,
      );
    }),
    flood(plan.slots.length, concurrency, deadline, async (i) => {
      await provenPost(
        plan,
        appointments,
        {
          start: plan.slots[i],
          name: `Bot ${i}`,
          email: `bot${i}@example.org`,
          intake: plan.intake,
          consent: true,
        },
        bookings,
      );
    }),
  ]);
  // Held: still open when the attack ends (the server may close some later, e.g. for too many hellos).
  sockets.succeeded = held.filter((ws) => ws.readyState === WebSocket.OPEN).length;
  return {
    entries,
    sockets,
    bookings,
    elapsedMs: Date.now() - started,
    release: () => {
      for (const ws of held) ws.terminate();
    },
  };
}

/** One line per kind: tried, got through, and how the rest was answered. */
export function describeAttack(report: AttackReport): string[] {
  const line = (kind: string, t: AttackTally) =>
    `${kind}: ${t.succeeded} of ${t.tried} got through (${((100 * t.succeeded) / Math.max(1, t.tried)).toFixed(1)} %); answers ${JSON.stringify(t.answers)}`;
  return [
    line('entries', report.entries),
    line('sockets held', report.sockets),
    line('bookings', report.bookings),
    `in ${(report.elapsedMs / 1000).toFixed(1)} s`,
  ];
}

/**
 * The attack on a walk-in scene: its main office, and a bookable service (activation required, as on the
 * internet by default) whose first 100 free slots within `days` the script tries to book out; `tries`
 * entries and sockets (default 1,000) unless the deadline comes first.
 */
export async function attackScene(
  scene: WalkInScene,
  options: { days: number; deadlineMs: number; tries?: number },
) {
  const service = await addBookableService(scene, { requiresActivation: true });
  const { slots } = (
    await scene.server.app.inject({
      url: `/api/public/tenants/${scene.tenant.slug}/services/${service.id}/slots?days=${options.days}`,
    })
  ).json() as { slots: { start: string }[] };
  return {
    slots: slots.length,
    report: runAttack({
      baseUrl: scene.server.baseUrl,
      localAddress: '127.0.0.2',
      tenantSlug: scene.tenant.slug,
      officeSlug: scene.offices.main.slug,
      serviceId: service.id,
      slots: slots.slice(0, 100).map((s) => s.start),
      intake: { aktenzeichen: 'AZ-0', personen: '1' },
      entries: options.tries ?? 1000,
      sockets: options.tries ?? 1000,
      deadlineMs: options.deadlineMs,
    }),
  };
}
