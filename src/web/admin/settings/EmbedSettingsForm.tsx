import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmbedFont, type EmbedSettings, EmbedSettings as EmbedSettingsSchema } from '../../../shared/embed';
import { embedApi } from '../../api/embed';
import { Button } from '../../components/Button';
import { FormAlert } from '../../components/FormAlert';
import { SelectField } from '../../components/SelectField';
import { StringListEditor } from '../../components/StringListEditor';
import { TextField } from '../../components/TextField';
import { useFormSubmit } from '../../hooks/useFormSubmit';

const FORM_ID = 'embed';

/** The widget's theme and the websites allowed to show it; the server canonicalises what it stores. */
export function EmbedSettingsForm({
  settings,
  onSaved,
}: {
  settings: EmbedSettings;
  onSaved(saved: EmbedSettings): void;
}) {
  const { t } = useTranslation();
  const form = useFormSubmit();
  const [accentColor, setAccentColor] = useState(settings.embedTheme.accentColor ?? '');
  const [font, setFont] = useState<EmbedFont>(settings.embedTheme.font);
  const [origins, setOrigins] = useState(settings.embedAllowedOrigins);
  const e = form.errors;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const value = {
      embedTheme: { accentColor: accentColor.trim() || null, font },
      embedAllowedOrigins: origins,
    };
    await form.submit(EmbedSettingsSchema, value, async (input) => onSaved(await embedApi.update(input)));
  }

  return (
    <form className="stack" noValidate onSubmit={onSubmit} aria-label={t('adminEmbed.formLabel')}>
      <FormAlert message={form.problem} />
      <div className="form-grid">
        <TextField
          id={`${FORM_ID}-embedTheme-accentColor`}
          label={t('adminEmbed.accentColor')}
          hint={t('adminEmbed.accentColorHint')}
          optional
          autoComplete="off"
          spellCheck={false}
          value={accentColor}
          onChange={setAccentColor}
          error={e['embedTheme.accentColor']}
        />
        <SelectField
          id={`${FORM_ID}-embedTheme-font`}
          label={t('adminEmbed.font')}
          hint={t('adminEmbed.fontHint')}
          value={font}
          onChange={(value) => setFont(value as EmbedFont)}
          options={EmbedFont.options.map((value) => ({ value, label: t(`adminEmbed.fonts.${value}`) }))}
          error={e['embedTheme.font']}
        />
      </div>
      <StringListEditor
        formId={FORM_ID}
        path="embedAllowedOrigins"
        legend={t('adminEmbed.origins')}
        hint={t('adminEmbed.originsHint')}
        items={origins}
        onChange={setOrigins}
        errors={e}
        itemLabel={(i) => t('adminEmbed.origin', { number: i + 1 })}
        addLabel={t('adminEmbed.addOrigin')}
        emptyText={t('adminEmbed.noOrigins')}
      />
      <div>
        <Button type="submit" disabled={form.busy}>
          {t('common.save')}
        </Button>
      </div>
    </form>
  );
}
