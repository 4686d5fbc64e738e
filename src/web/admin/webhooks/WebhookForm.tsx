import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CreatedWebhook,
  WEBHOOK_EVENTS,
  WebhookCreate,
  type WebhookEventType,
} from '../../../shared/webhooks';
import { adminApi } from '../../api/admin';
import { CheckboxGroup } from '../../components/CheckboxGroup';
import { TextField } from '../../components/TextField';
import type { EditorHandlers } from '../../hooks/useCrudPage';
import { AdminEditorForm } from '../AdminEditorForm';
import { useAdminForm } from '../useAdminForm';

interface WebhookFormProps extends EditorHandlers {
  /** Gets the new endpoint with its signing secret, the only time the server tells it. */
  onCreated(created: CreatedWebhook): void;
}

/**
 * Registers an endpoint for events. The address rules (https, no private addresses) are the server's:
 * it names the broken one, and the field shows it.
 */
export function WebhookForm({ onCreated, ...handlers }: WebhookFormProps) {
  const { t } = useTranslation();
  const form = useAdminForm(handlers);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>([]);

  const save = () =>
    form.submit(WebhookCreate, { url, events }, async (input) => {
      onCreated(await adminApi.webhooks.create(input));
      form.saved(input.url);
    });

  return (
    <AdminEditorForm id="webhook" section="webhooks" form={form} editingName={undefined} onSubmit={save}>
      <TextField
        id="webhook-url"
        label={t('adminIntegrations.webhooks.url')}
        hint={t('adminIntegrations.webhooks.urlHint')}
        type="url"
        inputMode="url"
        value={url}
        onChange={setUrl}
        error={form.errors.url}
        autoComplete="off"
        spellCheck={false}
      />
      <CheckboxGroup
        id="webhook-events"
        legend={t('adminIntegrations.webhooks.events')}
        options={WEBHOOK_EVENTS.map((event) => ({
          value: event,
          label: t(`adminIntegrations.events.${event}`),
        }))}
        selected={events}
        onChange={setEvents}
        error={form.errors.events}
      />
    </AdminEditorForm>
  );
}
