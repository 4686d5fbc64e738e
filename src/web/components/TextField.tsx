import type { InputHTMLAttributes } from 'react';
import { type FieldBaseProps, FieldFrame, fieldControlProps } from './FieldFrame';

type NativeProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'className'>;

export interface TextFieldProps extends NativeProps, FieldBaseProps {
  value: string;
  onChange(value: string): void;
}

/** A labelled KERN text input with hint and error tied to it. */
export function TextField({ id, label, value, onChange, error, hint, optional, ...rest }: TextFieldProps) {
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint} optional={optional}>
      <input
        {...rest}
        {...fieldControlProps(id, 'input', { hint, error })}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-required={optional ? undefined : true}
      />
    </FieldFrame>
  );
}
