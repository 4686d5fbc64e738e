import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { CheckboxField } from '../../components/CheckboxField';
import { SelectField } from '../../components/SelectField';
import { TextAreaField } from '../../components/TextAreaField';
import { TextField } from '../../components/TextField';
import { type FieldErrors, fieldId } from '../../lib/validation';
import { INTAKE_TYPES, type IntakeDraft } from './draft';

interface IntakeFieldEditorProps {
  formId: string;
  index: number;
  field: IntakeDraft;
  errors: FieldErrors;
  onChange(field: IntakeDraft): void;
  onRemove(): void;
}

/** One question of the intake form: key, label, type, required and, for selects, the choices. */
export function IntakeFieldEditor({
  formId,
  index,
  field,
  errors,
  onChange,
  onRemove,
}: IntakeFieldEditorProps) {
  const { t } = useTranslation();
  const path = `intakeFields.${index}`;
  const id = (name: string) => fieldId(formId, `${path}.${name}`);
  const title = t('services.intake.itemTitle', { number: index + 1 });
  return (
    <fieldset className="kern-fieldset editor-item">
      <legend className="kern-label">{title}</legend>
      <div className="kern-fieldset__body stack stack--small">
        <div className="form-grid">
          <TextField
            id={id('label')}
            label={t('services.intake.label')}
            value={field.label}
            onChange={(label) => onChange({ ...field, label })}
            error={errors[`${path}.label`]}
          />
          <TextField
            id={id('key')}
            label={t('services.intake.key')}
            hint={t('services.intake.keyHint')}
            value={field.key}
            onChange={(key) => onChange({ ...field, key })}
            error={errors[`${path}.key`]}
          />
          <SelectField
            id={id('type')}
            label={t('services.intake.type')}
            value={field.type}
            onChange={(type) => onChange({ ...field, type: type as IntakeDraft['type'] })}
            options={INTAKE_TYPES.map((type) => ({ value: type, label: t(`services.intake.types.${type}`) }))}
            error={errors[`${path}.type`]}
          />
        </div>
        {field.type === 'select' ? (
          <TextAreaField
            id={id('options')}
            label={t('services.intake.options')}
            hint={t('services.intake.optionsHint')}
            value={field.options}
            onChange={(options) => onChange({ ...field, options })}
            error={errors[`${path}.options`]}
          />
        ) : null}
        <CheckboxField
          id={id('required')}
          label={t('services.intake.required')}
          checked={field.required}
          onChange={(required) => onChange({ ...field, required })}
        />
        <div>
          <Button
            variant="tertiary"
            small
            onClick={onRemove}
            aria-label={t('common.removeNamed', { name: title })}
          >
            {t('common.remove')}
          </Button>
        </div>
      </div>
    </fieldset>
  );
}
