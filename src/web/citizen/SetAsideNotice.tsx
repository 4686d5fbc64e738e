import { useTranslation } from 'react-i18next';
import type { VisitView } from '../../shared/realtime';
import { Button } from '../components/Button';

interface SetAsideNoticeProps {
  visit: VisitView;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  leaving: boolean;
  onLeave(): void;
}

/**
 * A parked case or a citizen who missed their calls: out of the line for now, but not over. The page
 * stays open: a clerk can call them (parked) or put them back into the line (missed) at any time.
 */
export function SetAsideNotice({ visit, headingRef, leaving, onLeave }: SetAsideNoticeProps) {
  const { t } = useTranslation();
  const parked = visit.status === 'parked';
  return (
    <section className="stack" aria-labelledby="set-aside-heading">
      <h2 id="set-aside-heading" ref={headingRef} tabIndex={-1} className="kern-heading-medium">
        {parked ? t('citizen.setAside.parkedTitle') : t('citizen.setAside.missedTitle')}
      </h2>
      <p className="kern-body">
        {parked ? t('citizen.setAside.parkedText') : t('citizen.setAside.missedText')}
      </p>
      {parked && visit.clerkNote ? (
        <p className="kern-body">{t('citizen.waiting.clerkNote', { note: visit.clerkNote })}</p>
      ) : null}
      <p className="kern-body">{t('citizen.setAside.keepOpen')}</p>
      <div className="button-row">
        <Button variant="secondary" disabled={leaving} onClick={onLeave}>
          {t('citizen.waiting.leave')}
        </Button>
      </div>
    </section>
  );
}
