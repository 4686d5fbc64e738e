/**
 * Reads until the value passes, for effects the server writes after answering (e.g. a socket's close);
 * fails with the last value read after timeoutMs.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  passes: (value: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (passes(value)) return value;
    if (Date.now() > until)
      throw new Error(`still not as expected after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
