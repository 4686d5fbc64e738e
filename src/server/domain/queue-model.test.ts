import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderQueue } from './queue';
import { applyQueueChanges, buildQueueModel, type ModelEntry, type QueueModel } from './queue-model';

/** Few ids and few distinct minutes: changes often hit a visit already waiting, and ties are common. */
const entry = fc.record({
  id: fc.constantFrom(...'abcdefghijkl'),
  arrivedAt: fc.integer({ min: 0, max: 8 }).map((minute) => new Date(Date.UTC(2026, 0, 5, 9, minute))),
  appointmentStartsAt: fc.option(
    fc.integer({ min: 0, max: 120 }).map((minute) => new Date(Date.UTC(2026, 0, 5, 9, minute))),
  ),
  priority: fc.nat(1),
  held: fc.boolean(),
  holdsPlace: fc.boolean(),
  disconnected: fc.boolean(),
  clientKey: fc.option(fc.constantFrom('phone', 'laptop')),
});
/** One change: these visits changed; of them, these wait now (in their new state). */
const change = fc.record({
  changed: fc.uniqueArray(fc.constantFrom(...'abcdefghijkl'), { maxLength: 3 }),
  waiting: fc.uniqueArray(entry, { selector: (e) => e.id, maxLength: 3 }),
});

/** The model as it must be: the pure order of what waits, with its indexes and counts. */
function expected(waiting: ReadonlyMap<string, ModelEntry>) {
  const ordered = orderQueue([...waiting.values()]);
  const sameClient = new Map<string, number>();
  for (const e of ordered)
    if (e.clientKey !== null) sameClient.set(e.clientKey, (sameClient.get(e.clientKey) ?? 0) + 1);
  return {
    ids: ordered.map((e) => e.id),
    positions: new Map(ordered.map((e, i) => [e.id, i])),
    sameClient,
    counts: {
      waiting: ordered.length,
      holdingPlace: ordered.filter((e) => e.holdsPlace).length,
      disconnected: ordered.filter((e) => e.disconnected).length,
    },
  };
}
const shape = (model: QueueModel) => ({
  ids: model.ordered.map((e) => e.id),
  positions: model.positions,
  sameClient: model.sameClient,
  counts: model.counts,
});

describe('the waiting line kept between changes', () => {
  it('after any sequence of changes equals the pure queue order of what waits, with its counts', () => {
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (e) => e.id }), fc.array(change), (initial, changes) => {
        const waiting = new Map(initial.map((e) => [e.id, e]));
        const model = buildQueueModel(initial);
        expect(shape(model)).toEqual(expected(waiting));
        for (const { changed, waiting: now } of changes) {
          const before = model.ordered.map((e) => e.id);
          const first = applyQueueChanges(model, changed, now);
          for (const id of changed) waiting.delete(id);
          for (const e of now) waiting.set(e.id, e);
          expect(shape(model)).toEqual(expected(waiting));
          // Nobody ahead of the first index it reports moved.
          expect(model.ordered.slice(0, first).map((e) => e.id)).toEqual(before.slice(0, first));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reports nothing moved when a change of a visit leaves it where it was', () => {
    const at = (id: string, minute: number): ModelEntry => ({
      id,
      arrivedAt: new Date(Date.UTC(2026, 0, 5, 9, minute)),
      holdsPlace: true,
      disconnected: false,
      clientKey: null,
    });
    const model = buildQueueModel([at('a', 1), at('b', 2), at('c', 3)]);
    // The last one's page closed: it keeps its place, and only it is looked at again.
    expect(applyQueueChanges(model, ['c'], [{ ...at('c', 3), disconnected: true }])).toBe(2);
    expect(model.counts).toEqual({ waiting: 3, holdingPlace: 3, disconnected: 1 });
    // The first is called: everyone behind moves up.
    expect(applyQueueChanges(model, ['a'], [])).toBe(0);
    expect(model.ordered.map((e) => e.id)).toEqual(['b', 'c']);
    expect(model.positions).toEqual(
      new Map([
        ['b', 0],
        ['c', 1],
      ]),
    );
    // A change of a visit that does not wait here (left before) moves nobody.
    expect(applyQueueChanges(model, ['x'], [])).toBe(2);
  });
});
