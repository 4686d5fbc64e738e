import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activityOf, type Chair, chairFigures } from './clerk-states';
import { estimateWaitMinutes } from './queue';

const chair = (state: Partial<Chair> = {}): Chair => ({
  inCall: false,
  onBreak: false,
  inFollowUp: false,
  ...state,
});

describe('clerk states in the figures', () => {
  it('counts an available clerk as a served and free chair', () => {
    expect(chairFigures([chair()])).toEqual({ agentsServing: 1, freeAgents: 1 });
  });

  it('counts a clerk on a break as no chair at all', () => {
    expect(chairFigures([chair({ onBreak: true }), chair()])).toEqual({ agentsServing: 1, freeAgents: 1 });
    expect(chairFigures([chair({ onBreak: true })])).toEqual({ agentsServing: 0, freeAgents: 0 });
  });

  it('counts follow-up work as serving but not free, like a call', () => {
    expect(chairFigures([chair({ inFollowUp: true })])).toEqual({ agentsServing: 1, freeAgents: 0 });
    expect(chairFigures([chair({ inCall: true })])).toEqual({ agentsServing: 1, freeAgents: 0 });
  });

  it('shows a call above a break not yet reset by it, and a break above follow-up work', () => {
    expect(activityOf(chair({ inCall: true, onBreak: true, inFollowUp: true }))).toBe('in_call');
    expect(activityOf(chair({ onBreak: true, inFollowUp: true }))).toBe('break');
    expect(activityOf(chair({ inFollowUp: true }))).toBe('follow_up');
    expect(activityOf(chair())).toBe('available');
  });

  it('never counts more free chairs than served ones, nor a break among either', () => {
    const chairs = fc.array(
      fc.record({ inCall: fc.boolean(), onBreak: fc.boolean(), inFollowUp: fc.boolean() }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(chairs, (all) => {
        const { agentsServing, freeAgents } = chairFigures(all);
        const breaks = all.filter((c) => !c.inCall && c.onBreak).length;
        expect(agentsServing).toBe(all.length - breaks);
        expect(freeAgents).toBe(all.filter((c) => !c.inCall && !c.onBreak && !c.inFollowUp).length);
        expect(freeAgents).toBeLessThanOrEqual(agentsServing);
      }),
    );
  });

  it('turns the wait estimate with the figures: a break leaves no estimate, follow-up work a longer one', () => {
    const wait = (chairs: Chair[]) =>
      estimateWaitMinutes({ ahead: 0, averageTalkMinutes: 10, ...chairFigures(chairs) });
    expect(wait([chair()])).toBe(0);
    expect(wait([chair({ inFollowUp: true })])).toBe(5);
    expect(wait([chair({ onBreak: true })])).toBeNull();
    expect(wait([chair({ onBreak: true }), chair({ inCall: true })])).toBe(5);
  });
});
