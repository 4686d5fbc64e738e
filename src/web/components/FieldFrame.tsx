import type { ReactNode } from 'react';
import { FieldError } from './FieldError';
import { FieldLabel } from './FieldLabel';

/** What every labelled field takes besides its value. */
export interface FieldBaseProps {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  optional?: boolean | undefined;
}

interface FieldFrameProps extends FieldBaseProps {
  children: ReactNode;
}

/** The KERN frame every input shares: label, hint and error above the control, in that order. */
export function FieldFrame({ id, label, error, hint, optional, children }: FieldFrameProps) {
  return (
    <div className={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <FieldLabel htmlFor={id} label={label} optional={optional ?? false} />
      {hint ? (
        <div className="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      <FieldError id={`${id}-error`} message={error} />
      {children}
    </div>
  );
}

/**
 * What ties a control to its frame: the id the label points at, the error styling, and
 * aria-describedby naming the hint and the error, whichever exist.
 */
export function fieldControlProps(
  id: string,
  kind: 'input' | 'select',
  { hint, error }: { hint?: string | undefined; error?: string | undefined },
) {
  const base = `kern-form-input__${kind}`;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return {
    id,
    className: `${base}${error ? ` ${base}--error` : ''}`,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': described.length > 0 ? described.join(' ') : undefined,
  };
}
