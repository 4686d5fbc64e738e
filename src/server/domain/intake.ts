import type { IntakeField } from '../../shared/admin';

export interface IntakeProblem {
  key: string;
  message: string;
}

/** Checks answers against a service's intake questions: required ones given, types and choices right, nothing unknown. */
export function checkIntake(
  fields: readonly IntakeField[],
  answers: Record<string, string | boolean>,
): IntakeProblem[] {
  const problems: IntakeProblem[] = [];
  const known = new Map(fields.map((f) => [f.key, f]));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) problems.push({ key, message: 'unknown question' });
  }
  for (const field of fields) {
    const answer = answers[field.key];
    const empty = answer === undefined || answer === '' || answer === false;
    if (empty) {
      if (field.required) problems.push({ key: field.key, message: 'required' });
      continue;
    }
    if (field.type === 'checkbox' ? typeof answer !== 'boolean' : typeof answer !== 'string') {
      problems.push({
        key: field.key,
        message: field.type === 'checkbox' ? 'expected true or false' : 'expected text',
      });
    } else if (field.type === 'select' && !field.options?.includes(answer as string)) {
      problems.push({ key: field.key, message: 'not one of the choices' });
    } else if (field.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(answer as string)) {
      problems.push({ key: field.key, message: 'expected a date YYYY-MM-DD' });
    }
  }
  return problems;
}
