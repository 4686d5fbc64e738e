/**
 * Citizens booking over HTTP from a process of their own, as browsers elsewhere would: each fetches its proof-of-
 * work challenge, solves it and books a random one of the free slots, in `clients` loops at once, until
 * `bookings` are sent. The server's own thread then does only the server's work.
 */
import { PROOF_OF_WORK_HEADER } from '../../src/shared/proof-of-work';
import { challengeUrl, solveProofOfWork } from '../../test/support/proof-of-work';

export interface BookingClientsJob {
  url: string;
  starts: string[];
  clients: number;
  bookings: number;
}

export interface BookingClientsResult {
  booked: number;
  conflict: number;
  other: number;
  seconds: number;
}

const { url, starts, clients, bookings } = await new Promise<BookingClientsJob>((resolve) =>
  process.once('message', resolve),
);
const outcomes = { booked: 0, conflict: 0, other: 0 };
let sent = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: clients }, async (_, client) => {
    while (sent < bookings) {
      // Each booking its own address: one address may hold only a few open appointments.
      const email = `c${client}-${sent++}@example.org`;
      // Random free slots: popular ones fill up, and the exclusion constraint settles the races.
      const start = starts[Math.floor(Math.random() * starts.length)]!;
      const challenge = await (await fetch(challengeUrl(url))).json();
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [PROOF_OF_WORK_HEADER]: await solveProofOfWork(challenge),
        },
        body: JSON.stringify({ start, name: `Client ${client}`, email, consent: true }),
      });
      await response.arrayBuffer();
      if (response.status === 201) outcomes.booked++;
      else if (response.status === 409) outcomes.conflict++;
      else outcomes.other++;
    }
  }),
);
process.send!({ ...outcomes, seconds: (performance.now() - started) / 1000 } satisfies BookingClientsResult);
process.disconnect();
