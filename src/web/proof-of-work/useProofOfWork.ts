import { useCallback, useEffect, useRef, useState } from 'react';
import {
  POW_VALID_SECONDS,
  type PowChallenge,
  type PowLevel,
  PROOF_OF_WORK_HEADER,
} from '../../shared/proof-of-work';
import { ApiProblem, api } from '../api/client';
import { solveInWorkers } from './solve';

export type ProofState = 'solving' | 'ready' | 'failed';

interface Solved {
  header: string;
  /** When the server stops taking it (epoch ms on this device's clock). */
  expiresAt: number;
}

/** Fetch a new proof when less than this is left of the old one's validity. */
const MARGIN_MS = 30_000;

export interface ProofOfWork {
  state: ProofState;
  level: PowLevel;
  /** Sends with a proof; a refused proof (expired, used) is replaced by a fresh one and sent once more. */
  withProof<T>(send: (headers: Record<string, string>) => Promise<T>): Promise<T>;
  retry(): void;
}

/**
 * The proof of work a citizen's page does before entering or booking: fetched and solved in the
 * background as soon as the form shows, so by the time the citizen sends it is usually done.
 */
export function useProofOfWork(challengePath: string): ProofOfWork {
  const [state, setState] = useState<ProofState>('solving');
  const [level, setLevel] = useState<PowLevel>('normal');
  const pending = useRef<Promise<Solved> | null>(null);
  const controller = useRef<AbortController | null>(null);

  const start = useCallback(() => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setState('solving');
    const solving = (async (): Promise<Solved> => {
      const challenge = await api<PowChallenge>('GET', challengePath);
      // A span on this device's clock: the server's clock may differ from it.
      const expiresAt = Date.now() + POW_VALID_SECONDS * 1000;
      setLevel(challenge.parameters.data.level);
      return { header: await solveInWorkers(challenge, abort), expiresAt };
    })();
    pending.current = solving;
    solving.then(
      () => pending.current === solving && setState('ready'),
      () => pending.current === solving && !abort.signal.aborted && setState('failed'),
    );
    return solving;
  }, [challengePath]);

  useEffect(() => {
    start();
    return () => controller.current?.abort();
  }, [start]);

  /** A proof good for sending now; each is used once, so the next one starts solving straight away. */
  const take = useCallback(async (): Promise<string> => {
    let solved = await (pending.current ?? start()).catch(() => start());
    if (solved.expiresAt - Date.now() < MARGIN_MS) solved = await start();
    start();
    return solved.header;
  }, [start]);

  const withProof = useCallback(
    async <T>(send: (headers: Record<string, string>) => Promise<T>): Promise<T> => {
      try {
        return await send({ [PROOF_OF_WORK_HEADER]: await take() });
      } catch (error) {
        if (!(error instanceof ApiProblem) || error.extensions.reason !== 'proof-of-work') throw error;
        return send({ [PROOF_OF_WORK_HEADER]: await take() });
      }
    },
    [take],
  );

  return { state, level, withProof, retry: start };
}
