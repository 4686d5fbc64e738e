import type { InputHTMLAttributes } from 'react';
import { describedBy, FieldError } from './FieldError';
import { FieldLabel } from './FieldLabel';

type NativeProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'className'>;

export interface TextFieldProps extends NativeProps {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  hint?: string;
  optional?: boolean;
}

/** A labelled KERN text input with hint and error tied to it. */
export function TextField({ id, label, value, onChange, error, hint, optional, ...rest }: TextFieldProps) {
  const inputClass = `kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`;
  return (
    <div className={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <FieldLabel htmlFor={id} label={label} optional={optional ?? false} />
      {hint ? (
        <div className="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      <FieldError id={`${id}-error`} message={error} />
      <input
        {...rest}
        id={id}
        className={inputClass}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-required={optional ? undefined : true}
        aria-describedby={describedBy(id, Boolean(hint), Boolean(error))}
      />
    </div>
  );
}
