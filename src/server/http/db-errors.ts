import { HttpProblem } from './problem';

/** Integrity lives in the database; these are the violations a user's input can cause. */
const CONSTRAINT_PROBLEMS: Record<string, (detail: string) => HttpProblem> = {
  '23505': () => new HttpProblem(409, 'Conflict', 'An object with these values already exists'),
  '23503': () =>
    new HttpProblem(
      409,
      'Conflict',
      'It refers to an object that does not exist, or is still referred to by others',
    ),
  '23P01': () => new HttpProblem(409, 'Conflict', 'It overlaps with an existing entry'),
  '23514': () => new HttpProblem(400, 'Bad Request', 'A value is outside what is allowed'),
};

/** The problem for a database error caused by input, or undefined for a real fault. */
export function problemFromDbError(error: unknown): HttpProblem | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? CONSTRAINT_PROBLEMS[code]?.(code) : undefined;
}
