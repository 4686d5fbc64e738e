import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { RESERVED_SEGMENTS } from '../../shared/reserved';
import type { PublicOffice } from '../../shared/visits';
import { ApiProblem } from '../api/client';
import { Alert } from '../components/Alert';
import { FormAlert } from '../components/FormAlert';
import { OptionalPart } from '../components/OptionalPart';
import { usePageTitle } from '../hooks/usePageTitle';
import { loadAllMessages } from '../i18n';
import { problemMessage } from '../lib/problemMessage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { formatTime } from './format';
import { OfficeStatus } from './OfficeStatus';
import { usePublicTenant } from './usePublicTenant';

/** Public events load after the office list, with their texts: the first page stays as small as it was. */
async function loadEventsSection() {
  const [module] = await Promise.all([import('../events/EventsSection'), loadAllMessages()]);
  return module.EventsSection;
}

/**
 * The events, once the page runs in the browser: the server renders the office list without them (a
 * lazy part suspending there would make React give up hydrating the page and render it anew).
 */
function LaterEvents({ tenantSlug }: { tenantSlug: string }) {
  const [inBrowser, setInBrowser] = useState(false);
  useEffect(() => setInBrowser(true), []);
  return inBrowser ? <OptionalPart load={loadEventsSection} props={{ tenantSlug }} /> : null;
}

/** The authority's public page: its virtual offices, open or closed, and how busy they are; its events. */
export function TenantPage() {
  const { tenantSlug = '' } = useParams();
  if ((RESERVED_SEGMENTS as readonly string[]).includes(tenantSlug)) return <NotFoundPage />;
  return (
    <div className="citizen-page">
      <TenantOffices tenantSlug={tenantSlug} />
    </div>
  );
}

function TenantOffices({ tenantSlug }: { tenantSlug: string }) {
  const { t, i18n } = useTranslation();
  const tenant = usePublicTenant(tenantSlug);
  usePageTitle(tenant.data?.name ?? t('common.loading'));

  if (tenant.error instanceof ApiProblem && tenant.error.status === 404) return <NotFoundPage />;
  if (!tenant.data) {
    return tenant.error ? (
      <FormAlert message={problemMessage(tenant.error, t)} />
    ) : (
      <p className="kern-body">{t('common.loading')}</p>
    );
  }
  const { data, loadedAt } = tenant;
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
              <OfficeCard office={office} timeZone={data.timeZone} tenantSlug={tenantSlug} />
            </li>
          ))}
        </ul>
      )}
      <div role="status" aria-live="polite">
        {tenant.stale && loadedAt !== null ? (
          <Alert
            tone="warning"
            title={t('citizen.tenant.stale', {
              time: formatTime(new Date(loadedAt).toISOString(), data.timeZone, i18n.language),
            })}
          />
        ) : null}
      </div>
      <p className="kern-body kern-body--small">{t('citizen.tenant.refreshHint')}</p>
      <LaterEvents tenantSlug={tenantSlug} />
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
  timeZone,
  tenantSlug,
}: {
  office: PublicOffice;
  timeZone: string;
  tenantSlug: string;
}) {
  const { t } = useTranslation();
  const headingId = `office-${office.slug}`;
  const canEnter = office.open && !office.full;
  return (
    <article className="kern-card office-card" aria-labelledby={headingId}>
      <div className="kern-card__container">
        <div className="kern-card__header">
          <h2 id={headingId} className="kern-heading-small">
            {office.name}
          </h2>
        </div>
        <div className="kern-card__body stack stack--small">
          <OfficeStatus office={office} timeZone={timeZone} />
        </div>
        {canEnter ? (
          <div className="kern-card__footer">
            <Link
              className="kern-btn kern-btn--primary"
              to={`/${tenantSlug}/${office.slug}`}
              // Every card has this link: its name says which office, for a screen reader's list of links.
              aria-label={t('citizen.office.enterNamed', { office: office.name })}
            >
              <span className="kern-label">{t('citizen.office.enter')}</span>
            </Link>
          </div>
        ) : null}
      </div>
    </article>
  );
}
