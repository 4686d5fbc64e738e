import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  averageTalkMinutes,
  compareQueue,
  DEFAULT_TALK_MINUTES,
  estimateWaitMinutes,
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

  it('puts due appointments ahead of walk-ins, by booked time; early check-ins queue by arrival', () => {
    const now = new Date(Date.UTC(2026, 10, 24, 10, 0));
    const appointment = (id: string, arrivedMinute: number, bookedHour: number, bookedMinute: number) => ({
      ...visit(id, arrivedMinute),
      appointmentStartsAt: new Date(Date.UTC(2026, 10, 24, bookedHour, bookedMinute)),
    });
    const queue = orderQueue(
      [
        visit('walk-in-early', 0),
        appointment('due-10:05', 50, 10, 5),
        appointment('due-9:55', 55, 9, 55),
        appointment('early-11:00', 1, 11, 0),
      ],
      now,
    );
    expect(queue.map((v) => v.id)).toEqual(['due-9:55', 'due-10:05', 'walk-in-early', 'early-11:00']);
  });

  it('is a total order: antisymmetric and transitive, ties broken by id', () => {
    const date = fc.date({ noInvalidDate: true, min: new Date(2026, 0, 1), max: new Date(2027, 0, 1) });
    const arb = fc.record({ id: fc.uuid(), arrivedAt: date, appointmentStartsAt: fc.option(date) });
    fc.assert(
      fc.property(arb, arb, arb, (a, b, c) => {
        expect(Math.sign(compareQueue(a, b))).toBe(-Math.sign(compareQueue(b, a)));
        if (compareQueue(a, b) <= 0 && compareQueue(b, c) <= 0)
          expect(compareQueue(a, c)).toBeLessThanOrEqual(0);
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
