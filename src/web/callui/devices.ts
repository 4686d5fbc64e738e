import { audioConstraints, type LocalMedia, openLocalMedia, videoConstraints } from '../call/media';

/** The devices a person picked; kept for the tab so a reload reopens the same ones. */
export interface DevicePrefs {
  audioOnly: boolean;
  cameraId?: string;
  microphoneId?: string;
  speakerId?: string;
}

const PREFS_KEY = 'amtsraum.devices';

export function loadDevicePrefs(): DevicePrefs {
  try {
    const stored = JSON.parse(sessionStorage.getItem(PREFS_KEY) ?? '{}') as Partial<DevicePrefs>;
    return {
      audioOnly: stored.audioOnly === true,
      ...(typeof stored.cameraId === 'string' ? { cameraId: stored.cameraId } : {}),
      ...(typeof stored.microphoneId === 'string' ? { microphoneId: stored.microphoneId } : {}),
      ...(typeof stored.speakerId === 'string' ? { speakerId: stored.speakerId } : {}),
    };
  } catch {
    return { audioOnly: false };
  }
}

export function saveDevicePrefs(prefs: DevicePrefs): void {
  try {
    sessionStorage.setItem(PREFS_KEY, JSON.stringify(prefs));
  } catch {
    // No storage (private mode): the choice lasts for this page only.
  }
}

/** Camera and microphone as the person chose them (camera left off for audio-only). */
export function openWithPrefs(prefs: DevicePrefs): Promise<LocalMedia> {
  return openLocalMedia({
    video: prefs.audioOnly ? false : (prefs.cameraId ?? true),
    audio: prefs.microphoneId ?? true,
  });
}

export function stopStream(stream: MediaStream | null | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/**
 * Opens another camera or microphone and puts its track into `stream` in place of the old one
 * (keeping mute/camera-off), returning the new track so a running call can replace its sender's.
 */
export async function switchDevice(
  stream: MediaStream,
  kind: 'audio' | 'video',
  deviceId: string,
): Promise<MediaStreamTrack | undefined> {
  const constraints =
    kind === 'video' ? { video: videoConstraints(deviceId) } : { audio: audioConstraints(deviceId) };
  const fresh = await navigator.mediaDevices.getUserMedia(constraints);
  const track = (kind === 'video' ? fresh.getVideoTracks() : fresh.getAudioTracks())[0];
  if (!track) return undefined;
  const old = kind === 'video' ? stream.getVideoTracks() : stream.getAudioTracks();
  track.enabled = old.every((t) => t.enabled);
  for (const t of old) {
    stream.removeTrack(t);
    t.stop();
  }
  stream.addTrack(track);
  return track;
}

/** Browser-test hook: `globalThis.__amtsraumForceRelay = true` (set by an init script) forces TURN. */
export function forcedIcePolicy(): { iceTransportPolicy?: 'relay' } {
  return (globalThis as { __amtsraumForceRelay?: boolean }).__amtsraumForceRelay === true
    ? { iceTransportPolicy: 'relay' }
    : {};
}

/** Routes a media element's sound to the chosen speaker where the browser allows it (Chromium). */
export async function applySpeaker(element: HTMLMediaElement, speakerId: string | undefined): Promise<void> {
  const withSink = element as HTMLMediaElement & { setSinkId?: (id: string) => Promise<void> };
  if (!speakerId || !withSink.setSinkId) return;
  try {
    await withSink.setSinkId(speakerId);
  } catch {
    // The device vanished: the default speaker keeps playing.
  }
}
