import { describe, expect, it, vi } from 'vitest';
import { FakeMediaStream, FakeTrack } from './fake-webrtc';
import {
  classifyMediaError,
  isCameraOff,
  isMicrophoneMuted,
  listDevices,
  openLocalMedia,
  setCameraOff,
  setMicrophoneMuted,
  videoConstraints,
} from './media';

const domError = (name: string) => new DOMException('test', name);

/** getUserMedia that fails per kind as configured. */
function devices(fail: { video?: string; audio?: string }) {
  const getUserMedia = vi.fn(async (constraints: MediaStreamConstraints) => {
    if (constraints.video && fail.video) throw domError(fail.video);
    if (constraints.audio && fail.audio) throw domError(fail.audio);
    const tracks: FakeTrack[] = [];
    if (constraints.audio) tracks.push(new FakeTrack('audio'));
    if (constraints.video) tracks.push(new FakeTrack('video'));
    return new FakeMediaStream(tracks) as unknown as MediaStream;
  });
  return { getUserMedia };
}

const kinds = (stream: MediaStream | null) => stream?.getTracks().map((t) => t.kind);

describe('classifyMediaError', () => {
  it.each([
    ['NotAllowedError', 'denied'],
    ['SecurityError', 'denied'],
    ['NotFoundError', 'not-found'],
    ['OverconstrainedError', 'not-found'],
    ['NotReadableError', 'in-use'],
    ['AbortError', 'in-use'],
    ['TypeError', 'other'],
  ])('%s → %s', (name, kind) => expect(classifyMediaError(domError(name))).toBe(kind));

  it('copes with anything thrown', () => {
    expect(classifyMediaError(undefined)).toBe('other');
    expect(classifyMediaError('NotAllowedError')).toBe('other');
    expect(classifyMediaError({ name: 'NotAllowedError' })).toBe('denied');
  });
});

describe('openLocalMedia', () => {
  it('opens camera and microphone together', async () => {
    const d = devices({});
    const result = await openLocalMedia({ video: true, audio: true }, d);
    expect(result).toEqual({ stream: expect.anything() });
    expect(kinds(result.stream)).toEqual(['audio', 'video']);
    expect(d.getUserMedia).toHaveBeenCalledTimes(1);
  });

  it('falls back to audio only and says why the camera failed', async () => {
    const result = await openLocalMedia({ video: true, audio: true }, devices({ video: 'NotReadableError' }));
    expect(kinds(result.stream)).toEqual(['audio']);
    expect(result.videoError).toBe('in-use');
    expect(result.audioError).toBeUndefined();
  });

  it('keeps the camera when only the microphone fails', async () => {
    const result = await openLocalMedia({ video: true, audio: true }, devices({ audio: 'NotFoundError' }));
    expect(kinds(result.stream)).toEqual(['video']);
    expect(result).toMatchObject({ audioError: 'not-found' });
    expect(result.videoError).toBeUndefined();
  });

  it('returns no stream and both reasons when nothing works', async () => {
    const result = await openLocalMedia(
      { video: true, audio: true },
      devices({ video: 'NotAllowedError', audio: 'NotAllowedError' }),
    );
    expect(result).toEqual({ stream: null, videoError: 'denied', audioError: 'denied' });
  });

  it('reports a failure of a single requested kind', async () => {
    const result = await openLocalMedia(
      { video: false, audio: true },
      devices({ audio: 'NotReadableError' }),
    );
    expect(result).toEqual({ stream: null, audioError: 'in-use' });
  });

  it('asks for the chosen device and the quality floor', async () => {
    const d = devices({});
    await openLocalMedia({ video: 'cam-2', audio: false }, d);
    expect(d.getUserMedia).toHaveBeenCalledWith({
      video: expect.objectContaining({ deviceId: { ideal: 'cam-2' }, width: { min: 320, ideal: 640 } }),
      audio: false,
    });
    expect(videoConstraints(true)).toMatchObject({
      height: { min: 240, ideal: 480 },
      frameRate: { ideal: 30 },
    });
  });
});

describe('devices and mute', () => {
  it('groups devices by kind', async () => {
    const info = (kind: MediaDeviceKind, deviceId: string) => ({ kind, deviceId }) as MediaDeviceInfo;
    const list = await listDevices({
      enumerateDevices: async () => [
        info('videoinput', 'c1'),
        info('audioinput', 'm1'),
        info('videoinput', 'c2'),
      ],
    });
    expect(list.videoinput.map((d) => d.deviceId)).toEqual(['c1', 'c2']);
    expect(list.audioinput).toHaveLength(1);
    expect(list.audiooutput).toEqual([]);
  });

  it('mutes and turns the camera off by disabling tracks, not stopping them', () => {
    const stream = new FakeMediaStream([
      new FakeTrack('audio'),
      new FakeTrack('video'),
    ]) as unknown as MediaStream;
    setMicrophoneMuted(stream, true);
    expect(isMicrophoneMuted(stream)).toBe(true);
    expect(isCameraOff(stream)).toBe(false);
    setCameraOff(stream, true);
    expect(stream.getVideoTracks()[0]?.enabled).toBe(false);
    setMicrophoneMuted(stream, false);
    expect(isMicrophoneMuted(stream)).toBe(false);
  });
});
