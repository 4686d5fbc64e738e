import type { Queryable } from '../../db/client';
import { channels, type EventBus } from '../../realtime/bus';

/**
 * Another process (the operator CLI on a shared PostgreSQL without Redis) can switch an authority off
 * without telling this one: it learns of it within this time.
 */
const RELOAD_MS = 60_000;

/**
 * The authorities switched off, by slug, held in memory: loaded at start, again whenever the operator
 * disables or enables one (any process, through the bus), and every minute. Requests read it without
 * a statement, so the public office list that every widget polls stays free of database work.
 */
export function createDisabledAuthorities(db: Queryable, bus: EventBus, onError: (error: unknown) => void) {
  let names: Map<string, string> | undefined;
  let loading: Promise<Map<string, string>> | undefined;

  function reload(): Promise<Map<string, string>> {
    loading ??= db
      .query<{ slug: string; name: string }>('SELECT slug, name FROM tenants WHERE disabled_at IS NOT NULL')
      .then((rows) => {
        names = new Map(rows.map((r) => [r.slug, r.name]));
        return names;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  }

  const quietReload = () => void reload().catch(onError);
  const unsubscribe = bus.subscribe(channels.authorities, quietReload);
  const timer = setInterval(quietReload, RELOAD_MS);
  timer.unref();

  return {
    reload: async () => {
      await reload();
    },
    /** The authority's name when it is switched off; undefined when it is on (or unknown). */
    async nameOf(slug: string): Promise<string | undefined> {
      // A reload under way (the operator just switched one) is what the next request must see.
      return (loading ? await loading : (names ?? (await reload()))).get(slug);
    },
    stop() {
      clearInterval(timer);
      unsubscribe();
    },
  };
}
