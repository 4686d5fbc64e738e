import type { TFunction } from 'i18next';
import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { RESERVED_SEGMENTS } from '../../shared/reserved';
import type { PublicOffice, PublicTenant } from '../../shared/visits';
import { citizenApi } from '../api/citizen';
import { ApiProblem } from '../api/client';
import { FormAlert } from '../components/FormAlert';
import { useLoad } from '../hooks/useLoad';
import { usePageTitle } from '../hooks/usePageTitle';
import { problemMessage } from '../lib/problemMessage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { formatInstant, formatTime } from './format';

const REFRESH_MS = 15_000;

/** The authority's public page: its virtual offices, open or closed, and how busy they are. */
export function TenantPage() {
  const { tenantSlug = '' } = useParams();
  if ((RESERVED_SEGMENTS as readonly string[]).includes(tenantSlug)) return <NotFoundPage />;
  return <TenantOffices tenantSlug={tenantSlug} />;
}

function TenantOffices({ tenantSlug }: { tenantSlug: string }) {
  const { t } = useTranslation();
  const load = useCallback(() => citizenApi.tenant(tenantSlug), [tenantSlug]);
  const tenant = useLoad(load);
  const { reload } = tenant;
  usePageTitle(tenant.data?.name ?? t('common.loading'));

  useEffect(() => {
    const timer = setInterval(() => void reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  if (tenant.error instanceof ApiProblem && tenant.error.status === 404) return <NotFoundPage />;
  if (!tenant.data) {
    return tenant.error ? (
      <FormAlert message={problemMessage(tenant.error, t)} />
    ) : (
      <p className="kern-body">{t('common.loading')}</p>
    );
  }
  const { data } = tenant;
  return (
    <div className="stack">
      <div className="stack stack--small">
        <h1 className="kern-heading-large">{data.name}</h1>
        <p className="kern-body kern-body--large">{t('citizen.tenant.intro')}</p>
      </div>
      {data.offices.length === 0 ? (
        <p className="kern-body">{t('citizen.tenant.noOffices')}</p>
      ) : (
        <ul className="office-cards" aria-label={t('citizen.tenant.officesLabel')}>
          {data.offices.map((office) => (
            <li key={office.slug}>
              <OfficeCard office={office} tenant={data} tenantSlug={tenantSlug} />
            </li>
          ))}
        </ul>
      )}
      <p className="kern-body kern-body--small">{t('citizen.tenant.refreshHint')}</p>
      <section className="stack stack--small section-card" aria-labelledby="booking-teaser-heading">
        <h2 id="booking-teaser-heading" className="kern-heading-medium">
          {t('citizen.tenant.bookingTitle')}
        </h2>
        <p className="kern-body">{t('citizen.tenant.bookingText')}</p>
        <div>
          <Link className="kern-btn kern-btn--secondary" to={`/${tenantSlug}/termine`}>
            <span className="kern-label">{t('citizen.tenant.bookingLink')}</span>
          </Link>
        </div>
      </section>
    </div>
  );
}

function OfficeCard({
  office,
  tenant,
  tenantSlug,
}: {
  office: PublicOffice;
  tenant: PublicTenant;
  tenantSlug: string;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'de';
  const headingId = `office-${office.slug}`;
  const canEnter = office.open && !office.full;
  const opens = office.nextOpening ? formatInstant(office.nextOpening, tenant.timeZone, language) : null;
  return (
    <article className="kern-card office-card" aria-labelledby={headingId}>
      <div className="kern-card__container">
        <div className="kern-card__header">
          <h2 id={headingId} className="kern-heading-small">
            {office.name}
          </h2>
        </div>
        <div className="kern-card__body stack stack--small">
          <p className="office-card__state kern-body kern-body--bold">
            <span
              className={`kern-icon kern-icon--${office.open ? 'success' : 'danger'}`}
              aria-hidden="true"
            />
            <span>
              {office.open
                ? office.closesAt
                  ? t('citizen.office.openUntil', {
                      time: formatTime(office.closesAt, tenant.timeZone, language),
                    })
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
        </div>
        {canEnter ? (
          <div className="kern-card__footer">
            <Link
              className="kern-btn kern-btn--primary"
              to={`/${tenantSlug}/${office.slug}`}
              aria-describedby={headingId}
            >
              <span className="kern-label">{t('citizen.office.enter')}</span>
            </Link>
          </div>
        ) : null}
      </div>
    </article>
  );
}

export function waitText(minutes: number | null, t: TFunction): string {
  if (minutes === null) return t('citizen.wait.unknown');
  if (minutes <= 0) return t('citizen.wait.none');
  return t('citizen.wait.minutes', { count: minutes });
}
