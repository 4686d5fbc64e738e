import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realClockEnv } from './real-clock-env';

/**
 * SIPp (Debian package `sip-tester`) as a phone in dial-in tests: it calls, plays keypad digits as
 * RFC 2833 telephone events from the pcaps Debian ships, and either hangs up itself or waits for
 * the other side's BYE.
 */
const SIPP = process.env.SIPP_PATH ?? '/usr/bin/sipp';
const PCAPS = '/usr/share/sip-tester';
const PCAP_OF: Record<string, string> = { '*': 'star', '#': 'pound' };

/** Why SIPp cannot run here, or undefined when it can. */
export function sippUnavailable(): string | undefined {
  const probe = spawnSync(SIPP, ['-v'], { encoding: 'utf8' });
  const text = `${probe.stdout ?? ''}${probe.stderr ?? ''}`;
  if (probe.error || !/SIPp v/i.test(text)) {
    return `SIPp ("${SIPP}") is not installed: apt-get install -y sip-tester (.ci/run does this on CI)`;
  }
  return undefined;
}

export interface PhoneScript {
  /** The caller's number, the From user. */
  caller: string;
  /** Keys typed after the answer, e.g. "123456789". */
  keys: string;
  /** How the keys travel: RFC 2833 events in the RTP (default) or one SIP INFO (dtmf-relay) each. */
  keysBy?: 'rtp' | 'info';
  /** "hang-up": the phone ends the call itself after `holdMs`; "await-bye": the other side must. */
  end: { kind: 'hang-up'; holdMs: number } | { kind: 'await-bye'; withinMs: number };
}

/** A request's first lines; inside the dialog (ACK, BYE) it goes to the Contact the 200 OK named. */
const sipHeaders = (method: string, cseq: number) => `${method} ${
  method === 'INVITE' ? 'sip:amtsraum@[remote_ip]:[remote_port]' : '[next_url]'
} SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:CALLER@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:amtsraum@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: ${cseq} ${method}
      Contact: <sip:CALLER@[local_ip]:[local_port]>
      Max-Forwards: 70`;

/** Packets of a pcap file (Ethernet, IPv4 without options, UDP, RTP), with their capture times in µs. */
function pcapPackets(file: string) {
  const data = readFileSync(file);
  const packets: { micros: number; bytes: Buffer }[] = [];
  for (let at = 24; at + 16 <= data.length; ) {
    const length = data.readUInt32LE(at + 8);
    const micros = data.readUInt32LE(at) * 1e6 + data.readUInt32LE(at + 4);
    packets.push({ micros, bytes: Buffer.from(data.subarray(at + 16, at + 16 + length)) });
    at += 16 + length;
  }
  return { header: data.subarray(0, 24), packets };
}

const RTP = 14 + 20 + 8;
const KEY_GAP_MS = 300;

/**
 * One pcap with all keys as RFC 2833 events in one RTP stream, as a phone sends them: sequence
 * numbers and timestamps go on from key to key. Replaying Debian's one-pcap-per-key files one after
 * the other restarts both at every key, and SRTP's replay protection on the WebRTC side then drops
 * most of the later keys.
 */
function keysPcap(keys: string, file: string) {
  const out: Buffer[] = [];
  let sequence = 1;
  for (const [index, key] of [...keys].entries()) {
    const { header, packets } = pcapPackets(`${PCAPS}/dtmf_2833_${PCAP_OF[key] ?? key}.pcap`);
    if (index === 0) out.push(Buffer.from(header));
    const first = packets[0]?.micros ?? 0;
    for (const packet of packets) {
      const micros = index * KEY_GAP_MS * 1000 + (packet.micros - first);
      const record = Buffer.alloc(16);
      record.writeUInt32LE(Math.floor(micros / 1e6), 0);
      record.writeUInt32LE(micros % 1e6, 4);
      record.writeUInt32LE(packet.bytes.length, 8);
      record.writeUInt32LE(packet.bytes.length, 12);
      const bytes = Buffer.from(packet.bytes);
      bytes.writeUInt16BE(sequence++ & 0xffff, RTP + 2);
      bytes.writeUInt32BE(index * KEY_GAP_MS * 8, RTP + 4);
      // The UDP checksum no longer fits; 0 means "none" in IPv4.
      bytes.writeUInt16BE(0, 14 + 20 + 6);
      out.push(record, bytes);
    }
  }
  writeFileSync(file, Buffer.concat(out));
}

/** One SIP INFO per key, as PBXs configured for "dtmfmode=info" send them; CSeq 2, 3, … */
const infos = (keys: string) =>
  [...keys]
    .map(
      (key, index) => `  <send retrans="500"><![CDATA[
      ${sipHeaders('INFO', index + 2)}
      Content-Type: application/dtmf-relay
      Content-Length: [len]

      Signal=${key}
      Duration=160
    ]]></send>
  <recv response="200"/>`,
    )
    // No pause after the last key: the other side may answer it with a BYE at once.
    .join('\n  <pause milliseconds="100"/>\n');

/** One UAC call: INVITE with G.711 A-law and telephone-event, the keys, then the chosen end. */
function scenario(script: PhoneScript, keysFile: string) {
  // The playback runs on its own: a phone that hangs up itself waits for it; one that awaits the
  // BYE listens at once (the other side may hang up before the last key was sent).
  const play = `  <nop><action><exec play_pcap_audio="${keysFile}"/></action></nop>`;
  const wait = `  <pause milliseconds="${script.keys.length * KEY_GAP_MS + 500}"/>`;
  const inRtp = !script.keys ? '' : script.end.kind === 'hang-up' ? `${play}\n${wait}` : play;
  // A phone sends audio all along; with keys by INFO it still does (Debian's G.711 A-law sample).
  const voice = `  <nop><action><exec play_pcap_audio="${PCAPS}/g711a.pcap"/></action></nop>`;
  const keys = script.keysBy === 'info' ? `${voice}\n${infos(script.keys)}` : inRtp;
  const byeCseq = script.keysBy === 'info' ? script.keys.length + 2 : 2;
  const end =
    script.end.kind === 'hang-up'
      ? `  <pause milliseconds="${script.end.holdMs}"/>
  <send retrans="500"><![CDATA[
      ${sipHeaders('BYE', byeCseq)}
      Content-Length: 0

    ]]></send>
  <recv response="200"/>`
      : `  <recv request="BYE" timeout="${script.end.withinMs}"/>
  <send><![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0

    ]]></send>`;
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="amtsraum dial-in">
  <send retrans="500"><![CDATA[
      ${sipHeaders('INVITE', 1)}
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=phone 1 1 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 8 101
      a=rtpmap:8 PCMA/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-15
      a=sendrecv
    ]]></send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="183" optional="true"/>
  <recv response="200" rrs="true"/>
  <send><![CDATA[
      ${sipHeaders('ACK', 1)}
      Content-Length: 0

    ]]></send>
  <!-- The answering side's WebRTC leg needs a moment (ICE, DTLS) before relayed RTP gets through. -->
  <pause milliseconds="4000"/>
${keys}
${end}
</scenario>
`.replaceAll('CALLER', script.caller);
}

export interface PhoneResult {
  /** SIPp's exit code: 0 when the scenario ran through (1: a call failed, e.g. no BYE in time). */
  code: number | null;
  output: string;
}

/** Calls host:port from `from` and runs the script; resolves when SIPp exits (killed after timeoutMs). */
export async function callWithSipp(
  target: { host: string; port: number; from: string },
  script: PhoneScript,
  timeoutMs: number,
): Promise<PhoneResult> {
  const dir = mkdtempSync(join(tmpdir(), 'amtsraum-sipp-'));
  const file = join(dir, 'phone.xml');
  const keysFile = join(dir, 'keys.pcap');
  if (script.keys) keysPcap(script.keys, keysFile);
  writeFileSync(file, scenario(script, keysFile));
  const args = [`${target.host}:${target.port}`, '-sf', file, '-i', target.from, '-mi', target.from];
  args.push('-m', '1', '-l', '1', '-nostdin', '-timeout', `${Math.ceil(timeoutMs / 1000)}s`, '-trace_err');
  args.push('-error_file', join(dir, 'errors.log'));
  const child = spawn(SIPP, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: realClockEnv() });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs + 5_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  const errors = existsSync(join(dir, 'errors.log')) ? readFileSync(join(dir, 'errors.log'), 'utf8') : '';
  rmSync(dir, { recursive: true, force: true });
  return { code, output: `${output.slice(-2000)}\n${errors.slice(-2000)}` };
}
