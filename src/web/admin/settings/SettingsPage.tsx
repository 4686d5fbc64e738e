import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi } from '../../api/admin';
import { useKnownAuth } from '../../auth/context';
import { useCanWrite } from '../../hooks/useCanWrite';
import { useLoad } from '../../hooks/useLoad';
import { problemMessage } from '../../lib/problemMessage';
import { AdminPage } from '../AdminPage';
import { BookingRulesSection } from './BookingRulesSection';
import { EmbedSection } from './EmbedSection';
import { FollowUpSection } from './FollowUpSection';
import { IdentityProviderSection } from './IdentityProviderSection';
import { SettingsForm } from './SettingsForm';

export function SettingsPage() {
  const { t } = useTranslation();
  const canWrite = useCanWrite('settings');
  const { me } = useKnownAuth();
  const tenant = useLoad(adminApi.tenant.get);
  const [status, setStatus] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  return (
    <AdminPage
      section="settings"
      canWrite={canWrite}
      status={status}
      problem={tenant.error ? problemMessage(tenant.error, t) : null}
    >
      {tenant.data ? (
        <>
          <p className="kern-body">{t('settings.address', { slug: tenant.data.slug })}</p>
          <SettingsForm
            key={`${tenant.data.id}-${version}`}
            tenant={tenant.data}
            readOnly={!canWrite}
            onSaved={(saved) => {
              setStatus(t('common.saved', { name: saved.name }));
              setVersion((v) => v + 1);
              void tenant.reload();
            }}
          />
          <BookingRulesSection canWrite={canWrite} onStatus={setStatus} />
          {me?.role === 'admin' ? <FollowUpSection onStatus={setStatus} /> : null}
          <EmbedSection tenant={tenant.data} canWrite={canWrite} onStatus={setStatus} />
          {me?.role === 'admin' ? <IdentityProviderSection onStatus={setStatus} /> : null}
        </>
      ) : (
        <p className="kern-body">{t('common.loading')}</p>
      )}
    </AdminPage>
  );
}
