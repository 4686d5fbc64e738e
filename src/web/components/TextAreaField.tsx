import { type FieldBaseProps, FieldFrame, fieldControlProps } from './FieldFrame';

export interface TextAreaFieldProps extends FieldBaseProps {
  value: string;
  onChange(value: string): void;
  rows?: number;
}

/** A labelled KERN multi-line input. */
export function TextAreaField({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  optional,
  rows = 4,
}: TextAreaFieldProps) {
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint} optional={optional}>
      <textarea
        {...fieldControlProps(id, 'input', { hint, error })}
        rows={rows}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </FieldFrame>
  );
}
