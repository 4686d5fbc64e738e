import { createHash } from 'node:crypto';
import type { Temporal } from 'temporal-polyfill';
import { PublicTenant } from '../../../shared/visits';
import type { Queryable } from '../../db/client';
import { openState } from '../../domain/opening';
import { channels, type EventBus } from '../../realtime/bus';
import { type CountedOffice, loadCountedOffices, waitFor } from './office-figures';

/**
 * How long a loaded list answers without a change being announced: it bounds what no event announces
 * (a walk-in's connect deadline passing). Opening and closing end an answer on time by themselves.
 */
export const PUBLIC_LIST_TTL_MS = 5_000;
/** An authority nobody asked for this long is forgotten, with its bus subscriptions. */
const FORGET_AFTER_MS = 10 * 60_000;

/** The public office list of one authority as sent: the JSON body and its strong entity tag. */
export interface PublicList {
  body: string;
  etag: string;
}

interface Cached {
  /** Per office of the authority, the end of its bus subscription. */
  watched: Map<string, () => void>;
  list?: PublicList;
  /** Until when (app clock, ms) the list answers, unless a change comes first. */
  until: number;
  /** Counts announced changes, so a load that overlapped one is not kept. */
  changes: number;
  askedAt: number;
}

export interface PublicOfficesDeps {
  db: Queryable;
  bus: EventBus;
  clock: () => Temporal.Instant;
}

/**
 * The public office list (the authority's page and every embedded widget poll it): two statements per
 * authority and process, however many offices it has, kept until one of its offices announces a change
 * on the bus, the opening state flips, or PUBLIC_LIST_TTL_MS pass. Thousands of pollers cost one load.
 */
export function createPublicOffices({ db, bus, clock }: PublicOfficesDeps) {
  const bySlug = new Map<string, Cached>();
  /** The load in progress per slug, shared by everyone who asks meanwhile (known slug or not). */
  const loading = new Map<string, Promise<PublicList | undefined>>();
  let loads = 0;
  let sweptAt = 0;

  const changed = (cached: Cached) => {
    cached.changes++;
    cached.list = undefined;
  };

  /** Subscribes to the offices the authority has now, and ends the subscriptions of removed ones. */
  const watch = (cached: Cached, officeIds: string[]) => {
    const current = new Set(officeIds);
    for (const [id, unsubscribe] of cached.watched) {
      if (current.has(id)) continue;
      unsubscribe();
      cached.watched.delete(id);
    }
    for (const id of current) {
      if (!cached.watched.has(id))
        cached.watched.set(
          id,
          bus.subscribe(channels.office(id), () => changed(cached)),
        );
    }
  };

  const forget = (slug: string, cached: Cached) => {
    for (const unsubscribe of cached.watched.values()) unsubscribe();
    bySlug.delete(slug);
  };

  /** Drops authorities nobody asked for lately, at most once a minute. */
  const sweep = (now: number) => {
    if (now - sweptAt < 60_000) return;
    sweptAt = now;
    for (const [slug, cached] of bySlug) if (now - cached.askedAt > FORGET_AFTER_MS) forget(slug, cached);
  };

  const load = async (slug: string, known: Cached | undefined): Promise<PublicList | undefined> => {
    loads++;
    const [tenant] = await db.query<{ id: string; name: string; logoUrl: string | null; timeZone: string }>(
      'SELECT id, name, logo_url AS "logoUrl", time_zone AS "timeZone" FROM tenants WHERE slug = $1',
      [slug],
    );
    if (!tenant) {
      if (known) forget(slug, known);
      return undefined;
    }
    const now = clock();
    const cached: Cached = known ?? {
      watched: new Map(),
      until: 0,
      changes: 0,
      askedAt: now.epochMilliseconds,
    };
    if (!known) bySlug.set(slug, cached);
    const changesBefore = cached.changes;
    const offices = await loadCountedOffices(db, tenant.id);
    // Subscribed after the first read: a change in between is caught by the TTL at the latest. An entry
    // forgotten meanwhile (or the model closed) subscribes to nothing, or it would never unsubscribe.
    if (bySlug.get(slug) === cached)
      watch(
        cached,
        offices.map((o) => o.office.id),
      );
    const shown = offices.map((o) => publicOffice(o, now));
    const { id: _id, ...rest } = tenant;
    const body = JSON.stringify(PublicTenant.parse({ ...rest, offices: shown.map((s) => s.office) }));
    const list = { body, etag: `"${createHash('sha256').update(body).digest('base64url')}"` };
    // A change announced during the load may not be in it: the next asker loads again.
    if (cached.changes === changesBefore) {
      cached.list = list;
      cached.until = Math.min(now.epochMilliseconds + PUBLIC_LIST_TTL_MS, ...shown.map((s) => s.flipsAt));
    }
    return list;
  };

  return {
    /** The list of the authority with this slug, or undefined when there is none. */
    async get(slug: string): Promise<PublicList | undefined> {
      const now = clock().epochMilliseconds;
      sweep(now);
      const cached = bySlug.get(slug);
      if (cached) cached.askedAt = now;
      if (cached?.list && now < cached.until) return cached.list;
      let pending = loading.get(slug);
      if (!pending) {
        const started = load(slug, cached).finally(() => {
          if (loading.get(slug) === started) loading.delete(slug);
        });
        loading.set(slug, started);
        pending = started;
      }
      return pending;
    },

    /** How many times a list was loaded from the database (tests compare it with the requests). */
    loads: () => loads,

    close() {
      for (const [slug, cached] of bySlug) forget(slug, cached);
    },
  };
}
export type PublicOffices = ReturnType<typeof createPublicOffices>;

/** One office as the public sees it, and when (ms) its opening state flips next. */
function publicOffice(counted: CountedOffice, now: Temporal.Instant) {
  const state = openState(counted.calendar, now);
  const flip = state.closesAt ?? state.nextOpening;
  return {
    office: {
      slug: counted.office.slug,
      name: counted.office.name,
      open: state.open,
      closesAt: state.closesAt?.toString() ?? null,
      nextOpening: state.nextOpening?.toString() ?? null,
      agentsServing: counted.agentsServing,
      freeAgents: counted.freeAgents,
      waiting: counted.waiting,
      full: counted.holdingPlace >= counted.office.capacity,
      estimatedWaitMinutes: waitFor(counted, counted.waiting),
    },
    flipsAt: flip ? flip.epochMilliseconds : Number.POSITIVE_INFINITY,
  };
}
