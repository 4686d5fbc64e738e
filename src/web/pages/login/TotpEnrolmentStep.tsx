import { startRegistration } from '@simplewebauthn/browser';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TotpEnrolment } from '../../../shared/auth';
import { signInApi } from '../../api/sign-in';
import { FormAlert } from '../../components/FormAlert';
import { problemMessage } from '../../lib/problemMessage';
import { PasskeyButton } from './PasskeyButton';
import { SecondFactorCodeForm } from './SecondFactorCodeForm';

interface TotpEnrolmentStepProps {
  /** The app is set up and the sign-in complete; these codes are shown once. */
  onEnrolled(recoveryCodes: string[]): void;
}

/**
 * Setting up an authenticator app in the middle of a sign-in: the QR code to scan (and the secret to type
 * for those who cannot scan), then a code from the app to prove it works.
 */
export function TotpEnrolmentStep({ onEnrolled }: TotpEnrolmentStepProps) {
  const { t } = useTranslation();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    signInApi.startTotp().then(setEnrolment, (error: unknown) => setProblem(problemMessage(error, t)));
  }, [t]);

  if (problem) return <FormAlert message={problem} />;
  if (!enrolment) return <p className="kern-body">{t('login.enrolLoading')}</p>;
  const qr = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`;
  return (
    <div className="stack">
      <p className="kern-body">{t('login.enrolPasskeyIntro')}</p>
      <PasskeyButton
        label={t('login.enrolPasskey')}
        ceremony={async () => {
          const optionsJSON = await signInApi.newPasskeyOptions();
          const answer = await signInApi.registerPasskey({
            response: await startRegistration({ optionsJSON }),
          });
          onEnrolled(answer.recoveryCodes);
        }}
      />
      <p className="kern-body">{t('login.enrolIntro')}</p>
      <img className="totp-qr" src={qr} alt={t('login.enrolQrAlt')} width={200} height={200} />
      <p className="kern-body">
        {t('login.enrolSecret')} <code className="totp-secret">{enrolment.secret}</code>
      </p>
      <SecondFactorCodeForm
        id="login-enrol-code"
        hint={t('login.enrolCodeHint')}
        submitLabel={t('login.enrolSubmit')}
        send={async (input) => onEnrolled((await signInApi.confirmTotp(input)).recoveryCodes)}
      />
    </div>
  );
}
