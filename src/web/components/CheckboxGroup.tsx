import { CheckboxField } from './CheckboxField';
import { FieldError } from './FieldError';

export interface CheckboxOption<V extends string> {
  value: V;
  label: string;
  hint?: string;
}

interface CheckboxGroupProps<V extends string> {
  /** Prefix of the ids: the group's error is "<id>-error", each box "<id>-<value>". */
  id: string;
  legend: string;
  options: CheckboxOption<V>[];
  selected: V[];
  onChange(selected: V[]): void;
  /** Why the choice as a whole is refused, e.g. none ticked. */
  error?: string | undefined;
}

/** A KERN fieldset of checkboxes choosing several values of a fixed list, in the list's order. */
export function CheckboxGroup<V extends string>({
  id,
  legend,
  options,
  selected,
  onChange,
  error,
}: CheckboxGroupProps<V>) {
  const toggle = (value: V, on: boolean) =>
    onChange(options.map((o) => o.value).filter((v) => (v === value ? on : selected.includes(v))));
  return (
    <fieldset
      className={`kern-fieldset${error ? ' kern-fieldset--error' : ''}`}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend className="kern-label">{legend}</legend>
      <div className="kern-fieldset__body stack stack--small">
        <FieldError id={`${id}-error`} message={error} />
        {options.map((option) => (
          <CheckboxField
            key={option.value}
            id={`${id}-${option.value.replaceAll(/[^a-z0-9]/gi, '-')}`}
            label={option.label}
            hint={option.hint}
            checked={selected.includes(option.value)}
            onChange={(on) => toggle(option.value, on)}
          />
        ))}
      </div>
    </fieldset>
  );
}
