import { useTranslation } from 'react-i18next';
import type { FieldErrors } from '../lib/validation';
import { fieldId } from '../lib/validation';
import { Button } from './Button';
import { TextField } from './TextField';

interface StringListEditorProps {
  formId: string;
  /** Field path of the list, e.g. "requiredDocuments". */
  path: string;
  legend: string;
  hint?: string;
  items: string[];
  onChange(items: string[]): void;
  errors: FieldErrors;
  itemLabel(index: number): string;
  addLabel: string;
  inputType?: 'text' | 'date';
  emptyText: string;
}

/** A list of single values with add and remove buttons, each value a labelled input. */
export function StringListEditor(props: StringListEditorProps) {
  const {
    formId,
    path,
    legend,
    hint,
    items,
    onChange,
    errors,
    itemLabel,
    addLabel,
    inputType = 'text',
  } = props;
  const { t } = useTranslation();
  const listError = errors[path];
  const hintId = `${fieldId(formId, path)}-hint`;
  return (
    <fieldset className="kern-fieldset" aria-describedby={hint ? hintId : undefined}>
      <legend className="kern-label">{legend}</legend>
      {hint ? (
        <div className="kern-hint" id={hintId}>
          {hint}
        </div>
      ) : null}
      <div className="kern-fieldset__body stack stack--small">
        {listError ? <p className="kern-error">{listError}</p> : null}
        {items.length === 0 ? <p className="kern-body">{props.emptyText}</p> : null}
        {items.map((item, index) => (
          // Items have no identity of their own; the position is what the user edits.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <div className="row" key={index}>
            <TextField
              id={fieldId(formId, `${path}.${index}`)}
              label={itemLabel(index)}
              type={inputType}
              value={item}
              onChange={(value) => onChange(items.map((old, i) => (i === index ? value : old)))}
              error={errors[`${path}.${index}`]}
            />
            <Button
              variant="tertiary"
              onClick={() => onChange(items.filter((_, i) => i !== index))}
              aria-label={t('common.removeNamed', { name: itemLabel(index) })}
            >
              {t('common.remove')}
            </Button>
          </div>
        ))}
        <div>
          <Button variant="secondary" small onClick={() => onChange([...items, ''])}>
            {addLabel}
          </Button>
        </div>
      </div>
    </fieldset>
  );
}
