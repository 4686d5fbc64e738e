import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditVerification } from '../../../shared/audit';
import { adminApi } from '../../api/admin';
import { Button } from '../../components/Button';
import { problemMessage } from '../../lib/problemMessage';

type Outcome = { verification: AuditVerification } | { problem: string };

/**
 * "Check the chain": recomputes every link of the authority's hash chain on the server and says whether
 * it is intact or which event is the first that does not hold. The result goes to a live region.
 */
export function ChainCheck() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  // The button stays enabled while checking: disabling it would drop keyboard focus to the page.
  async function check() {
    if (busy) return;
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({ verification: await adminApi.audit.verify() });
    } catch (error) {
      setOutcome({ problem: problemMessage(error, t) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="stack stack--small" aria-labelledby="audit-chain-heading">
      <h2 id="audit-chain-heading" className="kern-heading-medium">
        {t('adminIntegrations.audit.chainHeading')}
      </h2>
      <p className="kern-body">{t('adminIntegrations.audit.chainIntro')}</p>
      <div>
        <Button onClick={() => void check()}>{t('adminIntegrations.audit.verify')}</Button>
      </div>
      <div role="status">
        {busy ? <p className="kern-body">{t('adminIntegrations.audit.verifying')}</p> : null}
        {outcome ? <OutcomeMessage outcome={outcome} /> : null}
      </div>
    </section>
  );
}

/** What to say about an outcome, and whether it is good news. */
function describe(outcome: Outcome, t: TFunction) {
  if ('problem' in outcome) return { ok: false, title: t('form.errorTitle'), text: outcome.problem };
  const { events, broken } = outcome.verification;
  if (!broken) {
    return {
      ok: true,
      title: t('adminIntegrations.audit.intactTitle'),
      text: t('adminIntegrations.audit.intact', { count: events }),
    };
  }
  return {
    ok: false,
    title: t('adminIntegrations.audit.brokenTitle'),
    text: t(`adminIntegrations.audit.broken.${broken.problem}`, {
      seq: broken.seq,
      expected: broken.problem === 'missing' ? broken.expectedSeq : undefined,
    }),
  };
}

function OutcomeMessage({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  const { ok, title, text } = describe(outcome, t);
  const tone = ok ? 'success' : 'danger';
  return (
    <div className={`kern-alert kern-alert--${tone}`}>
      <div className="kern-alert__header">
        <span className={`kern-icon kern-icon--${tone}`} aria-hidden="true" />
        <span className="kern-title">{title}</span>
      </div>
      <div className="kern-alert__body">
        <p className="kern-body">{text}</p>
      </div>
    </div>
  );
}
