import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The stage on the host's and the audience's page alike: its heading, what is happening now (a polite
 * live region, so a screen reader hears "live" and "nobody on stage"), the picture and the note that
 * the media server sees the media.
 */
export function StageSection({ status, children }: { status: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section className="stack stack--small" aria-labelledby="event-stage-heading">
      <h2 id="event-stage-heading" className="kern-heading-medium">
        {t('events.stage')}
      </h2>
      <p className="kern-body" role="status">
        {status}
      </p>
      {children}
      <p className="kern-body kern-body--small">{t('events.mediaServerNote')}</p>
    </section>
  );
}
