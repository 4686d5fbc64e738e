import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { PublicOffice } from '../../shared/visits';
import { formatInstant, formatTime } from './format';

/** An office's state as citizens see it: open or closed, chairs, waiting people, estimated wait. */
export function OfficeStatus({ office, timeZone }: { office: PublicOffice; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'de';
  const opens = office.nextOpening ? formatInstant(office.nextOpening, timeZone, language) : null;
  return (
    <>
      <p className="office-card__state kern-body kern-body--bold">
        <span className={`kern-icon kern-icon--${office.open ? 'success' : 'danger'}`} aria-hidden="true" />
        <span>
          {office.open
            ? office.closesAt
              ? t('citizen.office.openUntil', { time: formatTime(office.closesAt, timeZone, language) })
              : t('citizen.office.open')
            : t('citizen.office.closed')}
        </span>
      </p>
      {office.open ? (
        <dl className="office-card__facts">
          <div>
            <dt>{t('citizen.office.chairsLabel')}</dt>
            <dd>
              {office.agentsServing > 0
                ? t('citizen.office.chairs', { count: office.agentsServing })
                : t('citizen.office.noChairs')}
            </dd>
          </div>
          <div>
            <dt>{t('citizen.office.waitingLabel')}</dt>
            <dd>{t('citizen.office.waiting', { count: office.waiting })}</dd>
          </div>
          <div>
            <dt>{t('citizen.office.waitLabel')}</dt>
            <dd>{waitText(office.estimatedWaitMinutes, t)}</dd>
          </div>
        </dl>
      ) : null}
      {office.full ? (
        <p className="office-card__state kern-body">
          <span className="kern-icon kern-icon--warning" aria-hidden="true" />
          <span>{t('citizen.office.full')}</span>
        </p>
      ) : null}
      {!office.open ? (
        <p className="kern-body">
          {opens ? t('citizen.office.opensAt', { when: opens }) : t('citizen.office.noOpening')}
        </p>
      ) : null}
    </>
  );
}

export function waitText(minutes: number | null, t: TFunction): string {
  if (minutes === null) return t('citizen.wait.unknown');
  if (minutes <= 0) return t('citizen.wait.none');
  return t('citizen.wait.minutes', { count: minutes });
}
