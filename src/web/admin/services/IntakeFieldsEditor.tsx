import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import type { FieldErrors } from '../../lib/validation';
import { emptyIntakeField, type IntakeDraft } from './draft';
import { IntakeFieldEditor } from './IntakeFieldEditor';

interface IntakeFieldsEditorProps {
  formId: string;
  fields: IntakeDraft[];
  errors: FieldErrors;
  onChange(fields: IntakeDraft[]): void;
}

/** The questions a citizen answers when booking or entering. */
export function IntakeFieldsEditor({ formId, fields, errors, onChange }: IntakeFieldsEditorProps) {
  const { t } = useTranslation();
  return (
    <fieldset className="kern-fieldset">
      <legend className="kern-label">{t('services.intake.legend')}</legend>
      <div className="kern-fieldset__body stack stack--small">
        {errors.intakeFields ? <p className="kern-error">{errors.intakeFields}</p> : null}
        {fields.length === 0 ? <p className="kern-body">{t('services.intake.empty')}</p> : null}
        {fields.map((field, index) => (
          <IntakeFieldEditor
            // biome-ignore lint/suspicious/noArrayIndexKey: questions are edited by position
            key={index}
            formId={formId}
            index={index}
            field={field}
            errors={errors}
            onChange={(changed) => onChange(fields.map((old, i) => (i === index ? changed : old)))}
            onRemove={() => onChange(fields.filter((_, i) => i !== index))}
          />
        ))}
        <div>
          <Button variant="secondary" small onClick={() => onChange([...fields, emptyIntakeField()])}>
            {t('services.intake.add')}
          </Button>
        </div>
      </div>
    </fieldset>
  );
}
