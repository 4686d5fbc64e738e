/** An agent's requests over HTTP for the benches: signs in once, then calls the staff API with its cookie. */
export async function signInAgent(baseUrl: string, agent: { email: string; password: string }) {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(agent),
  });
  if (!login.ok) throw new Error(`sign-in: ${login.status} ${await login.text()}`);
  // The session cookie and the remembered device's: both, as the browser sends them.
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const staff = async <T = unknown>(path: string, method = 'POST', body?: object): Promise<T> => {
    const response = await fetch(`${baseUrl}/api/staff${path}`, {
      method,
      headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
  return {
    staff,
    /** Serves the offices from now on. */
    present: (officeIds: string[]) => staff('/presence', 'PUT', { officeIds }),
    /** Calls the next citizen of the office. */
    callNext: (officeId: string) => staff<{ consultationId: string }>(`/offices/${officeId}/call-next`),
    end: (consultationId: string) => staff(`/consultations/${consultationId}/end`),
  };
}

/** Runs `work` for 0 … count-1, `batch` at a time. */
export async function inBatches<T>(
  count: number,
  batch: number,
  work: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += batch) {
    const slice = Array.from({ length: Math.min(batch, count - start) }, (_, k) => work(start + k));
    results.push(...(await Promise.all(slice)));
  }
  return results;
}
