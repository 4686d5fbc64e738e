import { useTranslation } from 'react-i18next';
import { Button } from '../components/Button';
import type { ProofOfWork } from './useProofOfWork';

/**
 * What the background check is doing, in words: a polite live region (no puzzle, nothing to operate
 * unless it failed, then one button). Screen readers hear the change to "complete" once.
 */
export function ProofOfWorkStatus({ proof }: { proof: ProofOfWork }) {
  const { t } = useTranslation();
  const [icon, text] =
    proof.state === 'ready'
      ? ['success', t('proofOfWork.ready')]
      : proof.state === 'failed'
        ? ['warning', t('proofOfWork.failed')]
        : ['info', proof.level === 'normal' ? t('proofOfWork.solving') : t('proofOfWork.solvingBusy')];
  return (
    <div className="stack stack--small proof-of-work" data-state={proof.state}>
      <p className="kern-body" role="status">
        <span className={`kern-icon kern-icon--${icon}`} aria-hidden="true" />
        {text}
      </p>
      {proof.state === 'failed' ? (
        <div>
          <Button variant="secondary" onClick={proof.retry}>
            {t('proofOfWork.retry')}
          </Button>
        </div>
      ) : null}
      <p className="kern-body kern-body--small">{t('proofOfWork.why')}</p>
    </div>
  );
}
