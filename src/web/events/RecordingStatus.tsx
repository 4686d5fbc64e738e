import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Whether the event is being recorded, on the host's and the audience's page: words with a dot, in a
 * polite live region that is always there, so a screen reader hears the start and the end.
 */
export function RecordingStatus({ recording }: { recording: boolean | null }) {
  const { t } = useTranslation();
  const [wasOn, setWasOn] = useState(false);
  useEffect(() => {
    if (recording) setWasOn(true);
  }, [recording]);
  return (
    <p className={recording ? 'kern-body event-recording' : 'kern-body'} role="status">
      {recording ? (
        <>
          <span className="event-recording__dot" aria-hidden="true">
            ●{' '}
          </span>
          {t('events.recording.on')}
        </>
      ) : wasOn ? (
        t('events.recording.off')
      ) : (
        ''
      )}
    </p>
  );
}
