/**
 * A citizen's requests over HTTP, for benches that need a visit or an appointment first: each POST
 * fetches and solves its proof-of-work challenge as the citizen's page does.
 */
import type { BookableServices, FirmBooking, SlotList } from '../../src/shared/booking';
import { PROOF_OF_WORK_HEADER } from '../../src/shared/proof-of-work';
import type { EnterResponse } from '../../src/shared/visits';
import { challengeUrl, solveProofOfWork } from '../../test/support/proof-of-work';

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function citizenPost<T>(url: string, body: object): Promise<T> {
  const challenge = await json(await fetch(challengeUrl(url)));
  return json<T>(
    await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [PROOF_OF_WORK_HEADER]: await solveProofOfWork(challenge as never),
      },
      body: JSON.stringify(body),
    }),
  );
}

/** Walks into an open office; the visit token is what the page keeps in sessionStorage. */
export async function enterOffice(baseUrl: string, tenantSlug: string, officeSlug: string) {
  const url = `${baseUrl}/api/public/tenants/${tenantSlug}/offices/${officeSlug}/visits`;
  return citizenPost<EnterResponse>(url, { displayName: 'Benchmark' });
}

/** Books the first free slot of the named service; answers with the manage and join links. */
export async function bookFirstSlot(baseUrl: string, tenantSlug: string, serviceName: string) {
  const base = `${baseUrl}/api/public/tenants/${tenantSlug}`;
  const { services } = await json<BookableServices>(await fetch(`${base}/services`));
  const service = services.find((s) => s.name === serviceName);
  if (!service) throw new Error(`no bookable service "${serviceName}"`);
  const { slots } = await json<SlotList>(await fetch(`${base}/services/${service.id}/slots?days=14`));
  const [slot] = slots;
  if (!slot) throw new Error(`no free slot for "${serviceName}"`);
  const booking = await citizenPost<FirmBooking>(`${base}/services/${service.id}/appointments`, {
    start: slot.start,
    name: 'Benchmark',
    email: 'benchmark@example.org',
    consent: true,
  });
  if (booking.status !== 'booked') throw new Error('the service asks for an activation first');
  return booking;
}
