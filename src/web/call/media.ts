/**
 * Local camera and microphone: open with an audio-only fallback (a consultation must still happen when
 * the camera is missing, blocked or busy), list devices, mute without renegotiation.
 */

export type MediaErrorKind = 'denied' | 'not-found' | 'in-use' | 'other';

/** A device id to use, or just on/off. */
export type DeviceChoice = boolean | string;

export interface LocalMedia {
  /** null only when neither camera nor microphone could be opened. */
  stream: MediaStream | null;
  videoError?: MediaErrorKind;
  audioError?: MediaErrorKind;
}

type GetUserMedia = Pick<MediaDevices, 'getUserMedia'>;

/** Maps getUserMedia's DOMException names (including old Chrome/Firefox ones) to what we tell users. */
export function classifyMediaError(error: unknown): MediaErrorKind {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    // No device satisfies the constraints: for the user that is "no suitable camera".
    case 'OverconstrainedError':
    case 'ConstraintNotSatisfiedError':
      return 'not-found';
    case 'NotReadableError':
    case 'TrackStartError':
    // Firefox reports a camera held by another application as AbortError.
    case 'AbortError':
      return 'in-use';
    default:
      return 'other';
  }
}

/** ≥ 640×480 at 30 fps ideally; 320×240 is the quality floor we accept (SECURITY.md, Media). */
export function videoConstraints(choice: DeviceChoice): MediaTrackConstraints | false {
  if (choice === false) return false;
  return {
    width: { min: 320, ideal: 640 },
    height: { min: 240, ideal: 480 },
    frameRate: { ideal: 30 },
    // ideal, not exact: a remembered device that was unplugged falls back to another one.
    ...(typeof choice === 'string' ? { deviceId: { ideal: choice } } : {}),
  };
}

export function audioConstraints(choice: DeviceChoice): MediaTrackConstraints | false {
  if (choice === false) return false;
  return {
    echoCancellation: true,
    noiseSuppression: true,
    autoGainControl: true,
    ...(typeof choice === 'string' ? { deviceId: { ideal: choice } } : {}),
  };
}

/**
 * Opens camera and microphone; when that fails, tries the microphone alone, then the camera alone,
 * and reports which kind failed and why.
 */
export async function openLocalMedia(
  want: { video: DeviceChoice; audio: DeviceChoice },
  devices: GetUserMedia = navigator.mediaDevices,
): Promise<LocalMedia> {
  const video = videoConstraints(want.video);
  const audio = audioConstraints(want.audio);
  if (!video && !audio) return { stream: null };
  const open = async (constraints: MediaStreamConstraints) => {
    try {
      return { stream: await devices.getUserMedia(constraints) };
    } catch (error) {
      return { error: classifyMediaError(error) };
    }
  };

  const both = await open({ video, audio });
  if (both.stream || !video || !audio) {
    if (both.stream) return { stream: both.stream };
    return video ? { stream: null, videoError: both.error } : { stream: null, audioError: both.error };
  }
  // The combined request does not say which device failed; the single requests do.
  const audioOnly = await open({ audio });
  const videoOnly = await open({ video });
  if (audioOnly.stream && videoOnly.stream) {
    // Both work alone (e.g. a busy moment): use them together.
    for (const track of videoOnly.stream.getTracks()) audioOnly.stream.addTrack(track);
    return { stream: audioOnly.stream };
  }
  return {
    stream: audioOnly.stream ?? videoOnly.stream ?? null,
    ...(videoOnly.error ? { videoError: videoOnly.error } : {}),
    ...(audioOnly.error ? { audioError: audioOnly.error } : {}),
  };
}

export interface DeviceList {
  audioinput: MediaDeviceInfo[];
  videoinput: MediaDeviceInfo[];
  audiooutput: MediaDeviceInfo[];
}

/** Devices by kind. Labels stay empty until the user has granted camera/microphone once. */
export async function listDevices(devices: Pick<MediaDevices, 'enumerateDevices'> = navigator.mediaDevices) {
  const list: DeviceList = { audioinput: [], videoinput: [], audiooutput: [] };
  for (const device of await devices.enumerateDevices()) list[device.kind]?.push(device);
  return list;
}

/** Mute keeps the track (enabled = false sends silence): no renegotiation, instant unmute. */
export function setMicrophoneMuted(stream: MediaStream, muted: boolean): void {
  for (const track of stream.getAudioTracks()) track.enabled = !muted;
}

/** Camera off sends black frames instead of stopping the track, for the same reason. */
export function setCameraOff(stream: MediaStream, off: boolean): void {
  for (const track of stream.getVideoTracks()) track.enabled = !off;
}

export function isMicrophoneMuted(stream: MediaStream): boolean {
  return stream.getAudioTracks().every((track) => !track.enabled);
}

export function isCameraOff(stream: MediaStream): boolean {
  return stream.getVideoTracks().every((track) => !track.enabled);
}
