import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProtocolSummary } from '../../shared/consultations';
import { consultationsApi, protocolUrls } from '../api/consultations';
import { Button } from '../components/Button';
import { CheckboxField } from '../components/CheckboxField';
import { FormAlert } from '../components/FormAlert';
import { problemMessage } from '../lib/problemMessage';

interface ProtocolSectionProps {
  consultationId: string;
  protocol: ProtocolSummary | null;
  /** Saves notes and outcome still waiting, so the protocol has them. */
  beforeIssue(): Promise<void>;
  onIssued(protocol: ProtocolSummary): void;
}

/** "Create protocol" (which ends a running call) and the downloads of the latest one. */
export function ProtocolSection({ consultationId, protocol, beforeIssue, onIssued }: ProtocolSectionProps) {
  const { t, i18n } = useTranslation();
  const [includeChat, setIncludeChat] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const urls = protocolUrls(consultationId);

  async function issue() {
    setBusy(true);
    setProblem(null);
    try {
      await beforeIssue();
      onIssued(await consultationsApi({}).protocol(consultationId, includeChat));
    } catch (error) {
      setProblem(problemMessage(error, t));
    } finally {
      setBusy(false);
    }
  }

  const issuedAt = protocol
    ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date(protocol.issuedAt),
      )
    : '';

  return (
    <div className="stack stack--small">
      <h3 className="kern-heading-small">{t('consultation.protocol.title')}</h3>
      <p className="kern-body">{t('consultation.protocol.intro')}</p>
      <CheckboxField
        id={`protocol-chat-${consultationId}`}
        label={t('consultation.protocol.includeChat')}
        hint={t('consultation.protocol.includeChatHint')}
        checked={includeChat}
        onChange={setIncludeChat}
      />
      <div>
        <Button variant="secondary" disabled={busy} onClick={() => void issue()}>
          {t('consultation.protocol.create')}
        </Button>
      </div>
      <FormAlert message={problem} />
      <div role="status">
        {protocol ? (
          <div className="stack stack--small">
            <p className="kern-body">
              {t('consultation.protocol.issued', { version: protocol.version, when: issuedAt })}
            </p>
            <ul className="protocol-links">
              <li>
                <a className="kern-link" href={urls.pdf} download>
                  {t('consultation.protocol.pdf')}
                </a>
              </li>
              <li>
                <a className="kern-link" href={urls.json} download>
                  {t('consultation.protocol.json')}
                </a>
              </li>
              <li>
                <a
                  className="kern-link"
                  href={`/api/consultations/${encodeURIComponent(consultationId)}/export/xdomea`}
                  download
                  aria-describedby={`xdomea-hint-${consultationId}`}
                >
                  {t('xdomea.download')}
                </a>
                <p className="kern-body kern-body--small" id={`xdomea-hint-${consultationId}`}>
                  {t('xdomea.hint')}
                </p>
              </li>
            </ul>
          </div>
        ) : null}
      </div>
    </div>
  );
}
