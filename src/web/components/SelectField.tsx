import { type FieldBaseProps, FieldFrame, fieldControlProps } from './FieldFrame';

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectFieldProps extends Omit<FieldBaseProps, 'optional'> {
  value: string;
  options: SelectOption[];
  onChange(value: string): void;
  disabled?: boolean;
}

/** A labelled KERN select. */
export function SelectField({
  id,
  label,
  value,
  options,
  onChange,
  error,
  hint,
  disabled,
}: SelectFieldProps) {
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint}>
      <div className="kern-form-input__select-wrapper">
        <select
          {...fieldControlProps(id, 'select', { hint, error })}
          value={value}
          disabled={disabled}
          onChange={(event) => onChange(event.target.value)}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
    </FieldFrame>
  );
}
