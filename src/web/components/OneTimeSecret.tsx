import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFocusOnMount } from '../hooks/useFocusOnMount';
import { Button } from './Button';

interface OneTimeSecretProps {
  /** Prefix of the ids inside. */
  id: string;
  heading: string;
  /** Names the field holding the secret, e.g. "API key". */
  label: string;
  secret: string;
  /** What the secret is for and where to put it; the box adds that it is shown only once. */
  explanation: string;
  onDone(): void;
}

/**
 * A secret the server shows only once (an API key, a signing secret): a clearly marked box that takes
 * focus, the secret in a read-only field to select or copy, and a button to close it when it is stored.
 */
export function OneTimeSecret({ id, heading, label, secret, explanation, onDone }: OneTimeSecretProps) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  useFocusOnMount(headingRef, true);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(t('adminIntegrations.oneTimeSecret.copied'));
    } catch {
      // No clipboard access (permission, insecure context): select it for the user to copy themselves.
      field.current?.select();
      setCopied(t('adminIntegrations.oneTimeSecret.copyFailed'));
    }
  }

  return (
    <section className="kern-alert kern-alert--warning one-time-secret" aria-labelledby={`${id}-heading`}>
      <div className="kern-alert__header">
        <span className="kern-icon kern-icon--warning" aria-hidden="true" />
        <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="kern-title">
          {heading}
        </h2>
      </div>
      <div className="kern-alert__body stack stack--small">
        <p className="kern-body">
          <strong>{t('adminIntegrations.oneTimeSecret.onlyOnce')}</strong> {explanation}
        </p>
        <div className="kern-form-input">
          <label className="kern-label" htmlFor={`${id}-value`}>
            {label}
          </label>
          <input
            ref={field}
            id={`${id}-value`}
            className="kern-form-input__input one-time-secret__value"
            readOnly
            value={secret}
            spellCheck={false}
            autoComplete="off"
            onFocus={(event) => event.target.select()}
          />
        </div>
        <div className="button-row">
          <Button variant="secondary" onClick={() => void copy()}>
            {t('adminIntegrations.oneTimeSecret.copy')}
          </Button>
          <Button onClick={onDone}>{t('adminIntegrations.oneTimeSecret.done')}</Button>
        </div>
        <p role="status" className="kern-body">
          {copied}
        </p>
      </div>
    </section>
  );
}
