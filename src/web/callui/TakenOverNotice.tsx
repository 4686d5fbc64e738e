import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallSession } from '../call/call-session';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';

/** Whether another tab or device of the same person took this tab's call over. */
export function useTakenOver(session: CallSession | null): [boolean, () => void] {
  const [takenOver, setTakenOver] = useState(false);
  useEffect(() => {
    if (!session) return;
    const offs = [
      session.on('takenover', () => setTakenOver(true)),
      session.on('start', () => setTakenOver(false)),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [session]);
  const takeBack = () => {
    if (session?.takeOver()) setTakenOver(false);
  };
  return [takenOver, takeBack];
}

/** Says that the call goes on elsewhere, with a button to continue it here. */
export function TakenOverNotice({ session }: { session: CallSession | null }) {
  const { t } = useTranslation();
  const [takenOver, takeBack] = useTakenOver(session);
  if (!takenOver) return null;
  return (
    <div role="status">
      <Alert tone="info" title={t('call.takenOver.title')} bodyClassName="stack stack--small">
        <p className="kern-body">{t('call.takenOver.text')}</p>
        <div>
          <Button variant="secondary" onClick={takeBack}>
            {t('call.takenOver.takeBack')}
          </Button>
        </div>
      </Alert>
    </div>
  );
}
