import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { FormAlert } from '../../components/FormAlert';
import { problemMessage } from '../../lib/problemMessage';

interface PasskeyButtonProps {
  label: string;
  /** Runs the whole ceremony (options from the server, the browser's dialog, the answer back). */
  ceremony(): Promise<void>;
}

/**
 * One button for a passkey ceremony. The browser shows its own dialog (fingerprint, PIN, security key);
 * one the person cancelled is said as such, not as an error of ours.
 */
export function PasskeyButton({ label, ceremony }: PasskeyButtonProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function run() {
    setBusy(true);
    setProblem(null);
    try {
      await ceremony();
    } catch (error) {
      const cancelled = error instanceof Error && error.name === 'NotAllowedError';
      setProblem(cancelled ? t('login.passkeyCancelled') : problemMessage(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack stack--small">
      <FormAlert message={problem} />
      <div>
        <Button variant="secondary" disabled={busy} onClick={() => void run()}>
          {label}
        </Button>
      </div>
    </div>
  );
}
