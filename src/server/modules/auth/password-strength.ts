import { HttpProblem } from '../../http/problem';

/**
 * zxcvbn's top score: at least 10¹⁰ guesses, which also puts a password out of reach of an offline attack
 * on one argon2id hash for years; "Passwort1234!" or "Sommer2026!!" (score 3) do not pass.
 */
const REQUIRED_SCORE = 4;

type Estimator = (
  password: string,
  userInputs: string[],
) => { score: number; feedback: { warning: string | null } };

/** Loaded on first use: the English, German and common-password dictionaries take a few MB and ~100 ms. */
let estimator: Promise<Estimator> | undefined;
function loadEstimator(): Promise<Estimator> {
  estimator ??= (async () => {
    const [{ zxcvbn, zxcvbnOptions }, common, de, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-de'),
      import('@zxcvbn-ts/language-en'),
    ]);
    zxcvbnOptions.setOptions({
      translations: en.translations,
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...en.dictionary, ...de.dictionary },
    });
    return zxcvbn;
  })();
  return estimator;
}

/**
 * Throws a 400 naming `field` when the password is easy to guess: common passwords (the list ships with
 * @zxcvbn-ts/language-common), German and English words and names, keyboard rows, dates, repetition,
 * and the account's own details (e-mail, name, the authority's name).
 */
export async function requireStrongPassword(password: string, userInputs: string[], field = 'body.password') {
  // Each detail whole, without separators ("Rita Neu" → "ritaneu"), and each of its words.
  const inputs = userInputs
    .map((s) => s.toLowerCase())
    .flatMap((s) => [s.replace(/[\s_-]+/g, ''), ...s.split(/[@.\s_-]+/)])
    .filter((s) => s.length >= 3);
  const result = (await loadEstimator())(password, inputs);
  if (result.score >= REQUIRED_SCORE) return;
  const message = result.feedback.warning || 'This password is too easy to guess; use a few unrelated words.';
  throw new HttpProblem(400, 'Bad Request', `Invalid ${field}: ${message}`, {
    errors: [{ field, message }],
  });
}
