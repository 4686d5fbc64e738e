import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import type { IntakeField } from '../../shared/admin';
import { formChoices, formText, isTextField } from '../../shared/form-doc';
import { CheckboxField } from '../components/CheckboxField';
import { SelectField } from '../components/SelectField';
import { TextField } from '../components/TextField';
import { SharedTextField } from './SharedTextField';

/** One value of the choices map, re-read whenever someone changes it. */
function useChoice(doc: Y.Doc, key: string) {
  const choices = formChoices(doc);
  const [value, setValue] = useState(() => choices.get(key));
  useEffect(() => {
    const observer = (event: Y.YMapEvent<string | boolean>) => {
      if (event.keysChanged.has(key)) setValue(choices.get(key));
    };
    setValue(choices.get(key));
    choices.observe(observer);
    return () => choices.unobserve(observer);
  }, [choices, key]);
  return [value, (next: string | boolean) => choices.set(key, next)] as const;
}

/** One of the service's questions, bound to the shared document like the booking form asks it. */
export function SharedFormField({ id, doc, field }: { id: string; doc: Y.Doc; field: IntakeField }) {
  if (isTextField(field)) {
    return (
      <SharedTextField
        id={id}
        label={field.label}
        optional={!field.required}
        text={formText(doc, field.key)}
        multiline={field.type === 'textarea'}
      />
    );
  }
  return <ChoiceField id={id} doc={doc} field={field} />;
}

function ChoiceField({ id, doc, field }: { id: string; doc: Y.Doc; field: IntakeField }) {
  const { t } = useTranslation();
  const [value, setValue] = useChoice(doc, field.key);
  const label = field.required ? field.label : `${field.label} – ${t('form.optional')}`;
  if (field.type === 'checkbox') {
    return <CheckboxField id={id} label={label} checked={value === true} onChange={setValue} />;
  }
  const text = typeof value === 'string' ? value : '';
  if (field.type === 'select') {
    return (
      <SelectField
        id={id}
        label={label}
        value={text}
        options={[
          { value: '', label: t('sharedForm.choose') },
          ...(field.options ?? []).map((option) => ({ value: option, label: option })),
        ]}
        onChange={setValue}
      />
    );
  }
  return (
    <TextField
      id={id}
      label={field.label}
      optional={!field.required}
      type="date"
      value={text}
      onChange={setValue}
    />
  );
}
