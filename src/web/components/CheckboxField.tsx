import { FieldError } from './FieldError';

export interface CheckboxFieldProps {
  id: string;
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
  /** Shown below, tied to the box by aria-describedby. */
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
}

/** A KERN checkbox with its label beside it, and hint and error when given. */
export function CheckboxField({ id, label, checked, onChange, hint, error, required }: CheckboxFieldProps) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`kern-form-check${error ? ' kern-form-check--error' : ''}`}>
      <input
        id={id}
        type="checkbox"
        className="kern-form-check__checkbox"
        checked={checked}
        aria-invalid={error ? true : undefined}
        aria-required={required ? true : undefined}
        aria-describedby={described || undefined}
        onChange={(event) => onChange(event.target.checked)}
      />
      <label className="kern-label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="kern-hint checkbox-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
