/** One entry of a problem's field list, e.g. { field: "body.name", message: "…" }. */
export interface ProblemFieldError {
  field: string;
  message: string;
}

/** An RFC 9457 problem document answered by the server, or a network failure (status 0). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: ProblemFieldError[] = [],
    readonly retryAfterSeconds?: number,
    /** Extension members of the problem document, e.g. `reason` and `nextOpening` of a 409. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

/** The ApiProblem of an answer that is not 2xx (also for answers read without api(), e.g. uploads). */
export async function toProblem(response: Response): Promise<ApiProblem> {
  let body: { title?: string; detail?: string; errors?: ProblemFieldError[] } & Record<string, unknown> = {};
  try {
    body = await response.json();
  } catch {
    // Not a problem document: keep status and status text.
  }
  const retry = Number(response.headers.get('retry-after'));
  return new ApiProblem(
    response.status,
    body.title ?? response.statusText,
    body.detail,
    Array.isArray(body.errors) ? body.errors : [],
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
    body,
  );
}

/** Calls the JSON API on our own origin; throws ApiProblem for every answer that is not 2xx. */
export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  options: { headers?: Record<string, string> } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiProblem(0, 'Network error', undefined);
  }
  if (!response.ok) throw await toProblem(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
