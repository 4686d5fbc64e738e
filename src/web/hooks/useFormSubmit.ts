import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ApiProblem } from '../api/client';
import { problemMessage } from '../lib/problemMessage';
import { type FieldErrors, problemFieldErrors, zodFieldErrors } from '../lib/validation';

export interface FormSubmitState {
  errors: FieldErrors;
  /** Why the whole form failed, for the alert above the form. */
  problem: string | null;
  busy: boolean;
  /** Validates with the shared schema, then sends; returns whether it worked. */
  submit<S extends z.ZodType>(
    schema: S,
    value: unknown,
    send: (input: z.output<S>) => Promise<void>,
    explain?: (error: unknown) => string | undefined,
  ): Promise<boolean>;
  reset(): void;
}

export function useFormSubmit(): FormSubmitState {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit<S extends z.ZodType>(
    schema: S,
    value: unknown,
    send: (input: z.output<S>) => Promise<void>,
    explain?: (error: unknown) => string | undefined,
  ) {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const found = zodFieldErrors(parsed.error, t);
      setErrors(found);
      setProblem(t('form.invalid', { count: Object.keys(found).length }));
      return false;
    }
    setBusy(true);
    try {
      await send(parsed.data);
      setErrors({});
      setProblem(null);
      return true;
    } catch (error) {
      setErrors(error instanceof ApiProblem ? problemFieldErrors(error, t) : {});
      setProblem(explain?.(error) ?? problemMessage(error, t));
      return false;
    } finally {
      setBusy(false);
    }
  }

  function reset() {
    setErrors({});
    setProblem(null);
  }

  return { errors, problem, busy, submit, reset };
}
