import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MobileNumber, normaliseMobileNumber } from '../../../shared/phone';
import { DeliveryError } from './settings';
import { createHttpSmsTransport } from './sms';

describe('normaliseMobileNumber', () => {
  it.each([
    ['0171 1234567', '+491711234567'],
    ['01711234567', '+491711234567'],
    ['0171/123 45 67', '+491711234567'],
    ['(0171) 123-4567', '+491711234567'],
    ['+49 171 1234567', '+491711234567'],
    ['+49 (0)171 1234567', '+491711234567'],
    ['+49 0171 1234567', '+491711234567'],
    ['0049 171 1234567', '+491711234567'],
    ['0152 12345678', '+4915212345678'],
    ['  0160\u00a09876543 ', '+491609876543'],
    ['+43 664 1234567', '+436641234567'],
    ['0043 664 1234567', '+436641234567'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseMobileNumber(input)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['1711234567', 'no 0, 00 or + to say where it belongs'],
    ['030 1234567', 'a Berlin landline cannot receive SMS'],
    ['+49 89 1234567', 'a Munich landline'],
    ['0171 123', 'too short'],
    ['0171 1234567890123', 'too long'],
    ['0171 123456a', 'letters'],
    ['+0171 1234567', 'no country starts with 0'],
    ['0171 1234567; DROP TABLE', 'anything else'],
  ])('refuses %j (%s)', (input) => {
    expect(normaliseMobileNumber(input)).toBeNull();
  });

  it('is a zod schema that normalises or reports a field error', () => {
    expect(MobileNumber.parse('0171 1234567')).toBe('+491711234567');
    const result = MobileNumber.safeParse('030 1234567');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/mobile number/);
    expect(MobileNumber.safeParse('0'.repeat(41)).success).toBe(false);
  });
});

describe('HTTP SMS gateway', () => {
  const received: { headers: IncomingHttpHeaders; body: string; url: string | undefined }[] = [];
  let answer = 200;
  const gateway = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ headers: request.headers, body, url: request.url });
      response.writeHead(answer, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ echo: body }));
    });
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`;
  });
  afterAll(() => new Promise<void>((resolve) => gateway.close(() => resolve())));

  it('POSTs JSON {to, text} with the bearer token, the number normalised', async () => {
    answer = 202;
    await createHttpSmsTransport(url, 'secret-token-123').send(
      'tenant',
      '0171 1234567',
      'Ihr Termin ist morgen.',
    );
    const last = received.at(-1)!;
    expect(last.url).toBe('/send');
    expect(last.headers.authorization).toBe('Bearer secret-token-123');
    expect(last.headers['content-type']).toBe('application/json');
    expect(JSON.parse(last.body)).toEqual({ to: '+491711234567', text: 'Ihr Termin ist morgen.' });
  });

  it('throws on a 500, naming the status but not the number, as retryable', async () => {
    answer = 500;
    const error = await createHttpSmsTransport(url, 't')
      .send('tenant', '+491711234567', 'x')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).message).toBe('SMS gateway answered HTTP 500');
    expect((error as DeliveryError).permanent).toBe(false);
  });

  it('marks a 400 as permanent and 429 as retryable', async () => {
    for (const [status, permanent] of [
      [400, true],
      [429, false],
    ] as const) {
      answer = status;
      const error = await createHttpSmsTransport(url)
        .send('tenant', '+491711234567', 'x')
        .catch((e: unknown) => e);
      expect((error as DeliveryError).message).toContain(String(status));
      expect((error as DeliveryError).permanent).toBe(permanent);
    }
    expect(received.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('refuses an invalid number before calling the gateway, and reports an unreachable gateway', async () => {
    const before = received.length;
    await expect(createHttpSmsTransport(url).send('tenant', '030 1234567', 'x')).rejects.toThrow(
      'not a valid mobile number',
    );
    expect(received.length).toBe(before);
    await expect(
      createHttpSmsTransport('http://127.0.0.1:1/send').send('tenant', '+491711234567', 'x'),
    ).rejects.toThrow('SMS gateway not reachable');
  });

  it('cuts overlong texts', async () => {
    answer = 200;
    await createHttpSmsTransport(url).send('tenant', '+491711234567', 'a'.repeat(1000));
    expect(JSON.parse(received.at(-1)!.body).text).toHaveLength(480);
  });
});
