import { enterOffice } from './citizen-http';
import type { ClientWorkers } from './client-workers';
import type { Cluster } from './cluster';
import { inBatches } from './staff-http';
import { progress } from './stats';

/**
 * Puts `n` citizens into the authority's offices (citizen i into office i mod offices, through server
 * i mod servers) and connects each one's live socket to the same server, held by the client processes;
 * resolves once every citizen was told its position. Socket groups are office indexes.
 */
export async function seatWaitingCitizens(cluster: Cluster, workers: ClientWorkers, n: number) {
  const { servers, info } = cluster;
  const serverOf = (i: number) => servers[i % servers.length]!.info.baseUrl;
  const officeOf = (i: number) => i % info.offices.length;
  const tokens = await inBatches(n, 50, async (i) => {
    const entered = await enterOffice(serverOf(i), info.tenantSlug, info.offices[officeOf(i)]!.slug);
    return entered.visitToken;
  });
  const rssBefore = await cluster.rss();
  progress(`${n} citizens entered`);
  await workers.connect(
    tokens.map((visitToken, i) => ({
      url: `${serverOf(i).replace('http', 'ws')}/api/ws`,
      origin: serverOf(i),
      visitToken,
      group: officeOf(i),
    })),
  );
  return { rssBefore };
}
