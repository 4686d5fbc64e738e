import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Tenant } from '../../../shared/admin';
import type { EmbedSettings } from '../../../shared/embed';
import { embedApi } from '../../api/embed';
import { FormAlert } from '../../components/FormAlert';
import { useLoad } from '../../hooks/useLoad';
import { problemMessage } from '../../lib/problemMessage';
import { EmbedSettingsForm } from './EmbedSettingsForm';
import { EmbedSnippet } from './EmbedSnippet';

/** Settings page part: the widget for the authority's own website, its theme, allowed sites and code. */
export function EmbedSection({
  tenant,
  canWrite,
  onStatus,
}: {
  tenant: Tenant;
  canWrite: boolean;
  onStatus(message: string): void;
}) {
  const { t } = useTranslation();
  const loaded = useLoad(embedApi.get);
  const [saved, setSaved] = useState<{ settings: EmbedSettings; version: number } | null>(null);
  const settings = saved?.settings ?? loaded.data;

  return (
    <section className="stack" aria-labelledby="embed-heading">
      <div className="stack stack--small">
        <h2 id="embed-heading" className="kern-heading-medium">
          {t('adminEmbed.title')}
        </h2>
        <p className="kern-body">{t('adminEmbed.intro')}</p>
      </div>
      <FormAlert message={loaded.error ? problemMessage(loaded.error, t) : null} />
      {!settings ? (
        <p className="kern-body">{t('common.loading')}</p>
      ) : (
        <>
          {settings.embedAllowedOrigins.length === 0 ? (
            <div className="kern-alert kern-alert--info">
              <div className="kern-alert__header">
                <span className="kern-icon kern-icon--info" aria-hidden="true" />
                <span className="kern-title">{t('adminEmbed.noneAllowed')}</span>
              </div>
            </div>
          ) : null}
          {canWrite ? (
            <EmbedSettingsForm
              key={saved?.version ?? 0}
              settings={settings}
              onSaved={(next) => {
                setSaved({ settings: next, version: (saved?.version ?? 0) + 1 });
                onStatus(t('adminEmbed.saved'));
              }}
            />
          ) : (
            <AllowedOrigins origins={settings.embedAllowedOrigins} />
          )}
        </>
      )}
      <EmbedSnippet slug={tenant.slug} name={tenant.name} onStatus={onStatus} />
    </section>
  );
}

/** What readers without the right to change it see: the sites that may show the widget. */
function AllowedOrigins({ origins }: { origins: string[] }) {
  const { t } = useTranslation();
  if (origins.length === 0) return null;
  return (
    <div className="stack stack--small">
      <h3 className="kern-heading-small">{t('adminEmbed.origins')}</h3>
      <ul className="kern-list">
        {origins.map((origin) => (
          <li key={origin}>{origin}</li>
        ))}
      </ul>
    </div>
  );
}
