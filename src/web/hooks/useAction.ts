import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../lib/problemMessage';

/**
 * A request a form sends: busy while it runs, the problem as a sentence when it fails. `run` resolves to
 * whether it succeeded, so the caller closes its dialog only then.
 */
export function useAction() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  async function run(action: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setProblem(null);
    try {
      await action();
      return true;
    } catch (error) {
      setProblem(problemMessage(error, t));
      return false;
    } finally {
      setBusy(false);
    }
  }
  const reset = useCallback(() => setProblem(null), []);
  return { busy, problem, run, reset };
}
