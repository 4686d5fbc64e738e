import { describe, expect, it } from 'vitest';
import { callRoster, peersOf } from './guests-roster';

const live = {
  agentId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
  visitId: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc',
};
const AGENT = `agent:${live.agentId}`;
const CITIZEN = `citizen:${live.visitId}`;
const at = (second: number) => new Date(Date.UTC(2026, 10, 25, 9, 0, second));
const guests = [
  { id: '22222222-2222-4222-8222-222222222222', label: 'Kollege', joinedAt: at(30) },
  { id: '11111111-1111-4111-8111-111111111111', label: 'Dolmetscherin', joinedAt: at(10) },
  // Joined at the same instant as the colleague: the id decides, the same on every server.
  { id: '00000000-0000-4000-8000-000000000000', label: '', joinedAt: at(30) },
];

describe('callRoster and peersOf', () => {
  it('orders agent, citizen, then guests by when they joined (ties by id)', () => {
    expect(callRoster(live, guests).map((entry) => entry.id)).toEqual([
      AGENT,
      CITIZEN,
      'guest:11111111-1111-4111-8111-111111111111',
      'guest:00000000-0000-4000-8000-000000000000',
      'guest:22222222-2222-4222-8222-222222222222',
    ]);
  });

  it('makes the agent impolite to everyone and the earlier of any other pair impolite', () => {
    const roster = callRoster(live, guests);
    expect(peersOf(roster, AGENT as never).every((peer) => !peer.polite)).toBe(true);
    expect(peersOf(roster, CITIZEN as never).map((peer) => [peer.id, peer.polite])).toEqual([
      [AGENT, true],
      ['guest:11111111-1111-4111-8111-111111111111', false],
      ['guest:00000000-0000-4000-8000-000000000000', false],
      ['guest:22222222-2222-4222-8222-222222222222', false],
    ]);
    // Exactly one side of every pair is polite, so exactly one makes the first offer.
    for (const a of roster) {
      for (const peer of peersOf(roster, a.id)) {
        const back = peersOf(roster, peer.id).find((other) => other.id === a.id);
        expect(back?.polite).toBe(!peer.polite);
      }
    }
  });

  it('names guests by their label, agent and citizen by nothing', () => {
    const peers = peersOf(callRoster(live, guests.slice(0, 1)), CITIZEN as never);
    expect(peers).toEqual([
      { id: AGENT, polite: true, label: null },
      { id: 'guest:22222222-2222-4222-8222-222222222222', polite: false, label: 'Kollege' },
    ]);
  });
});
