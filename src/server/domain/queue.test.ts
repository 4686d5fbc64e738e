import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  averageTalkMinutes,
  compareQueue,
  DEFAULT_TALK_MINUTES,
  estimateWaitMinutes,
  MAX_HEAD_START_MINUTES,
  orderQueue,
} from './queue';

const visit = (id: string, minute: number) => ({
  id,
  arrivedAt: new Date(Date.UTC(2026, 10, 24, 9, minute)),
});

describe('queue order', () => {
  it('serves by arrival, whatever order the visits come in', () => {
    const queue = orderQueue([visit('c', 7), visit('a', 2), visit('b', 5)]);
    expect(queue.map((v) => v.id)).toEqual(['a', 'b', 'c']);
  });

  it('puts a transferred visit by its first arrival, ahead of people who came later', () => {
    const transferred = visit('transferred', 1); // waited elsewhere since 09:01, joined this queue at 09:30
    const queue = orderQueue([visit('x', 10), visit('y', 20), transferred]);
    expect(queue[0]?.id).toBe('transferred');
  });

  it('gives booked citizens a head start of an hour before their booked time; early check-ins keep their arrival', () => {
    const appointment = (id: string, arrivedMinute: number, bookedHour: number, bookedMinute: number) => ({
      ...visit(id, arrivedMinute),
      appointmentStartsAt: new Date(Date.UTC(2026, 10, 24, bookedHour, bookedMinute)),
    });
    const queue = orderQueue([
      visit('walk-in-9:00', 0),
      visit('walk-in-9:20', 20),
      appointment('booked-10:05-came-9:50', 50, 10, 5), // counts from 9:05
      appointment('booked-9:55-came-9:55', 55, 9, 55), // counts from 8:55
      appointment('booked-11:00-came-9:01', 1, 11, 0), // early: counts from arrival, 9:01
      appointment('booked-8:00-came-9:30', 30, 8, 0), // late: counts from 8:30, the full head start
    ]);
    expect(queue.map((v) => v.id)).toEqual([
      'booked-8:00-came-9:30',
      'booked-9:55-came-9:55',
      'walk-in-9:00',
      'booked-11:00-came-9:01',
      'booked-10:05-came-9:50',
      'walk-in-9:20',
    ]);
  });

  it('moves a citizen with raised priority half an hour ahead, and puts a citizen sent back for a moment first', () => {
    const urgent = { ...visit('urgent', 40), priority: 1 }; // counts from 9:10
    const held = { ...visit('held', 59), held: true };
    const queue = orderQueue([visit('9:05', 5), visit('9:15', 15), urgent, held]);
    expect(queue.map((v) => v.id)).toEqual(['held', '9:05', 'urgent', '9:15']);
  });

  const date = fc.date({ noInvalidDate: true, min: new Date(2026, 0, 1), max: new Date(2026, 0, 2) });
  const queued = fc.record({
    id: fc.uuid(),
    arrivedAt: date,
    appointmentStartsAt: fc.option(date),
    priority: fc.constantFrom(0, 1),
  });

  it('is a total order: antisymmetric and transitive, ties broken by id', () => {
    const arb = fc.record({
      id: fc.uuid(),
      arrivedAt: date,
      appointmentStartsAt: fc.option(date),
      held: fc.boolean(),
    });
    fc.assert(
      fc.property(arb, arb, arb, (a, b, c) => {
        expect(Math.sign(compareQueue(a, b))).toBe(-Math.sign(compareQueue(b, a)));
        if (compareQueue(a, b) <= 0 && compareQueue(b, c) <= 0)
          expect(compareQueue(a, c)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('lets nobody pass a citizen who arrived the longest head start or more after them (no one starves)', () => {
    fc.assert(
      fc.property(fc.array(queued, { minLength: 2, maxLength: 40 }), (visits) => {
        const queue = orderQueue(visits);
        queue.forEach((ahead, i) => {
          for (const behind of queue.slice(i + 1)) {
            const later = ahead.arrivedAt.getTime() - behind.arrivedAt.getTime();
            expect(later).toBeLessThan(MAX_HEAD_START_MINUTES * 60_000);
          }
        });
      }),
    );
  });

  it('never moves a citizen back when their priority is raised', () => {
    fc.assert(
      fc.property(fc.array(queued, { minLength: 1, maxLength: 30 }), fc.nat(), (visits, pick) => {
        const chosen = visits[pick % visits.length]!;
        const before = orderQueue(visits).indexOf(chosen);
        const raised = { ...chosen, priority: 1 };
        const after = orderQueue(visits.map((v) => (v === chosen ? raised : v))).indexOf(raised);
        expect(after).toBeLessThanOrEqual(before);
      }),
    );
  });
});

describe('wait estimate', () => {
  it('is unknown while nobody serves the office', () => {
    expect(
      estimateWaitMinutes({ ahead: 0, agentsServing: 0, freeAgents: 0, averageTalkMinutes: 10 }),
    ).toBeNull();
  });

  it('is zero for the first in line when a chair is free', () => {
    expect(estimateWaitMinutes({ ahead: 0, agentsServing: 2, freeAgents: 1, averageTalkMinutes: 10 })).toBe(
      0,
    );
    expect(estimateWaitMinutes({ ahead: 1, agentsServing: 2, freeAgents: 2, averageTalkMinutes: 10 })).toBe(
      0,
    );
  });

  it('counts half a talk for the current consultations and a share of a talk per person ahead', () => {
    expect(estimateWaitMinutes({ ahead: 0, agentsServing: 1, freeAgents: 0, averageTalkMinutes: 12 })).toBe(
      6,
    );
    expect(estimateWaitMinutes({ ahead: 3, agentsServing: 1, freeAgents: 0, averageTalkMinutes: 10 })).toBe(
      35,
    );
    expect(estimateWaitMinutes({ ahead: 3, agentsServing: 2, freeAgents: 0, averageTalkMinutes: 10 })).toBe(
      20,
    );
  });

  it('never grows when more agents serve, and never shrinks further back in the line', () => {
    fc.assert(
      fc.property(
        fc.nat(500),
        fc.integer({ min: 1, max: 50 }),
        fc.nat(50),
        fc.double({ min: 1, max: 60, noNaN: true }),
        (ahead, agents, free, talk) => {
          const base = {
            ahead,
            agentsServing: agents,
            freeAgents: Math.min(free, agents),
            averageTalkMinutes: talk,
          };
          const more = estimateWaitMinutes({ ...base, agentsServing: agents + 1 })!;
          const later = estimateWaitMinutes({ ...base, ahead: ahead + 1 })!;
          const now = estimateWaitMinutes(base)!;
          expect(more).toBeLessThanOrEqual(now);
          expect(later).toBeGreaterThanOrEqual(now);
        },
      ),
    );
  });

  it('learns the talk time from recent consultations', () => {
    expect(averageTalkMinutes([])).toBe(DEFAULT_TALK_MINUTES);
    expect(averageTalkMinutes([300, 900])).toBe(10);
  });
});
