import { type ReactNode, useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmbedSettings } from '../../shared/embed';
import type { PublicOffice, PublicTenant } from '../../shared/visits';
import { ApiProblem } from '../api/client';
import { embedApi } from '../api/embed';
import { OfficeStatus } from '../citizen/OfficeStatus';
import { usePublicTenant } from '../citizen/usePublicTenant';
import { FormAlert } from '../components/FormAlert';
import { type Loaded, useLoad } from '../hooks/useLoad';
import { problemMessage } from '../lib/problemMessage';
import { useReportHeight } from './hostFrame';
import { useEmbedTheme } from './theme';

/**
 * The authority's virtual offices, live, for its own website. Entering and booking open Amtsraum in a
 * new tab: a video call inside another site's frame would ask for the camera on that site's behalf.
 */
export function EmbedWidget({ tenantSlug }: { tenantSlug: string }) {
  const { t } = useTranslation();
  const tenant = usePublicTenant(tenantSlug);
  const loadSettings = useCallback(() => embedApi.public(tenantSlug), [tenantSlug]);
  const settings = useLoad(loadSettings);
  useEmbedTheme(settings.data?.embedTheme);
  useReportHeight(settings.data?.embedAllowedOrigins);
  const name = tenant.data?.name;
  useEffect(() => {
    document.title = name ? t('embed.documentTitle', { authority: name }) : t('app.name');
  }, [name, t]);

  return (
    <main className="embed stack stack--small">
      <WidgetBody tenant={tenant} settings={settings} tenantSlug={tenantSlug} />
    </main>
  );
}

function WidgetBody({
  tenant,
  settings,
  tenantSlug,
}: {
  tenant: Loaded<PublicTenant>;
  settings: Loaded<EmbedSettings>;
  tenantSlug: string;
}) {
  const { t } = useTranslation();
  if (tenant.error instanceof ApiProblem && tenant.error.status === 404) {
    return <h1 className="kern-heading-small">{t('embed.unknownAuthority')}</h1>;
  }
  if (!tenant.data || !settings.data) {
    const error = tenant.error ?? settings.error;
    return error ? (
      <FormAlert message={problemMessage(error, t)} />
    ) : (
      <p className="kern-body">{t('common.loading')}</p>
    );
  }
  const { data } = tenant;
  const title = <h1 className="kern-heading-small">{t('embed.title', { authority: data.name })}</h1>;
  // Opened directly while no site is allowed (framed it could not be): say so instead of showing offices.
  if (settings.data.embedAllowedOrigins.length === 0) {
    return (
      <>
        {title}
        <p className="kern-body">{t('embed.notAllowed')}</p>
        <p className="kern-body">
          <NewTabLink href={`/${tenantSlug}`}>{t('embed.openPublicPage')}</NewTabLink>
        </p>
        <NewTabNote />
      </>
    );
  }
  return (
    <>
      {title}
      {data.offices.length === 0 ? (
        <p className="kern-body">{t('citizen.tenant.noOffices')}</p>
      ) : (
        <ul className="embed__offices" aria-label={t('citizen.tenant.officesLabel')}>
          {data.offices.map((office) => (
            <li key={office.slug}>
              <OfficeItem office={office} timeZone={data.timeZone} tenantSlug={tenantSlug} />
            </li>
          ))}
        </ul>
      )}
      <div>
        <NewTabLink variant="secondary" href={`/${tenantSlug}/termine`}>
          {t('embed.book')}
        </NewTabLink>
      </div>
      <NewTabNote />
      <p className="kern-body kern-body--small">{t('citizen.tenant.refreshHint')}</p>
    </>
  );
}

function OfficeItem({
  office,
  timeZone,
  tenantSlug,
}: {
  office: PublicOffice;
  timeZone: string;
  tenantSlug: string;
}) {
  const { t } = useTranslation();
  const headingId = `embed-office-${office.slug}`;
  return (
    <article className="embed__office stack stack--small" aria-labelledby={headingId}>
      <h2 id={headingId} className="kern-heading-small">
        {office.name}
      </h2>
      <OfficeStatus office={office} timeZone={timeZone} />
      {office.open && !office.full ? (
        <div>
          <NewTabLink
            variant="primary"
            href={`/${tenantSlug}/${office.slug}`}
            label={t('embed.enterNamed', { office: office.name })}
          >
            {t('embed.enter')}
          </NewTabLink>
        </div>
      ) : null}
    </article>
  );
}

/** Where the links say that they open a new tab (visible to all, and their accessible description). */
const NEW_TAB_NOTE = 'embed-new-tab-note';

function NewTabNote() {
  const { t } = useTranslation();
  return (
    <p id={NEW_TAB_NOTE} className="kern-body kern-body--small">
      {t('embed.newTabNote')}
    </p>
  );
}

/** A link (or, with a variant, a button-styled link) that opens Amtsraum in a new tab. */
function NewTabLink({
  variant,
  href,
  label,
  children,
}: {
  variant?: 'primary' | 'secondary';
  href: string;
  /** The accessible name where the visible text repeats on the page (one per office). */
  label?: string;
  children: ReactNode;
}) {
  return (
    <a
      className={variant ? `kern-btn kern-btn--${variant}` : 'kern-link'}
      href={href}
      target="_blank"
      rel="noopener"
      aria-label={label}
      aria-describedby={NEW_TAB_NOTE}
    >
      {variant ? <span className="kern-label">{children}</span> : children}
    </a>
  );
}
