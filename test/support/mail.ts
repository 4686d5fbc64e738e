import type { AddressInfo } from 'node:net';
import ICAL from 'ical.js';
import { SMTPServer } from 'smtp-server';

// ---------------------------------------------------------------------------------------------------------
// A small reader for what arrived: headers, multipart tree, base64 / quoted-printable, RFC 2047 words.

interface MimePart {
  headers: Map<string, string>;
  body: string;
  parts: MimePart[];
}

function decodeBytes(encoded: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    if (encoded[i] === '=' && /^[0-9A-F]{2}$/i.test(encoded.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(encoded.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(encoded[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words (UTF-8, B or Q), as in a subject with umlauts. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, kind: string, text: string) =>
      kind.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeBytes(text.replace(/_/g, ' ')).toString('utf8'),
    );
}

function parseMime(raw: string): MimePart {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const boundary = /multipart\/.*boundary="?([^";]+)"?/i.exec(headers.get('content-type') ?? '')?.[1];
  const parts = boundary
    ? body
        .split(`--${boundary}`)
        .slice(1)
        .filter((segment) => !segment.startsWith('--'))
        .map((segment) => parseMime(segment.replace(/^\r?\n/, '')))
    : [];
  return { headers, body, parts };
}

function decodeBody(part: MimePart): string {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeBytes(part.body.replace(/=\r?\n/g, '')).toString('utf8');
  return part.body;
}

const leaves = (part: MimePart): MimePart[] =>
  part.parts.length === 0 ? [part] : part.parts.flatMap((child) => leaves(child));

export function readMail(raw: string) {
  const root = parseMime(raw);
  const find = (type: string) =>
    leaves(root).find((p) => (p.headers.get('content-type') ?? '').toLowerCase().startsWith(type));
  const text = find('text/plain');
  const html = find('text/html');
  const calendar = find('text/calendar');
  return {
    subject: decodeWords(root.headers.get('subject') ?? ''),
    headers: root.headers,
    text: text ? decodeBody(text) : '',
    html: html ? decodeBody(html) : '',
    calendar,
    ics: calendar ? decodeBody(calendar) : '',
    /** Every leaf part decoded (text, HTML, attachments), to search a whole mail. */
    parts: leaves(root).map((part) => ({
      contentType: part.headers.get('content-type') ?? '',
      disposition: part.headers.get('content-disposition') ?? '',
      body: decodeBody(part),
    })),
  };
}

/** Parses with ical.js (independent of ical-generator), registering the file's own VTIMEZONE first. */
export function parseIcs(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtimezone);
  return { calendar, vevent: calendar.getFirstSubcomponent('vevent')! };
}

/** A real SMTP server on a free local port; addresses at refused.example are refused with 550. */
export function smtpListener() {
  const received: { from: string; to: string[]; raw: string }[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@refused.example')) {
        callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      } else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((a) => a.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  return {
    received,
    /** Resolves with the smtp:// URL to configure. */
    start: () =>
      new Promise<string>((resolve) =>
        smtp.listen(0, '127.0.0.1', () =>
          resolve(`smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`),
        ),
      ),
    stop: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
