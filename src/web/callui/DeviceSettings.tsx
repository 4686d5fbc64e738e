import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallSession } from '../call/call-session';
import { type DeviceList, listDevices } from '../call/media';
import { Button } from '../components/Button';
import { SelectField } from '../components/SelectField';
import { CallIcon } from './CallIcon';
import { switchDevice } from './devices';

interface DeviceSettingsProps {
  idPrefix: string;
  session: CallSession | null;
  localStream: MediaStream | null;
  speakerId: string | undefined;
  onSpeaker(deviceId: string): void;
  onDeviceChosen?(kind: 'camera' | 'microphone' | 'speaker', deviceId: string): void;
}

/**
 * Camera, microphone and speaker during a call, in a dialog behind one button of the stage (not on the
 * page, where the pickers pushed the call out of view). No button when there is nothing to choose.
 */
export function DeviceSettings(props: DeviceSettingsProps) {
  const { idPrefix, session, localStream, speakerId } = props;
  const { t } = useTranslation();
  const [devices, setDevices] = useState<DeviceList | null>(null);
  const [, setTrackVersion] = useState(0);
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = `${idPrefix}-devices-heading`;

  useEffect(() => {
    listDevices().then(setDevices, () => setDevices(null));
  }, []);

  const hasVideo = (localStream?.getVideoTracks().length ?? 0) > 0;
  const hasAudio = (localStream?.getAudioTracks().length ?? 0) > 0;
  const cameras = hasVideo ? (devices?.videoinput ?? []) : [];
  const microphones = hasAudio ? (devices?.audioinput ?? []) : [];
  const speakers = devices?.audiooutput ?? [];
  if (cameras.length < 2 && microphones.length < 2 && speakers.length < 2) return null;

  async function choose(kind: 'camera' | 'microphone', deviceId: string) {
    if (!localStream || !deviceId) return;
    const track = await switchDevice(localStream, kind === 'camera' ? 'video' : 'audio', deviceId).catch(
      () => undefined,
    );
    // A shared screen goes on its own line: the camera is switched while sharing too.
    if (track) await session?.replaceTrack(track);
    props.onDeviceChosen?.(kind, deviceId);
    setTrackVersion((n) => n + 1);
  }

  const currentId = (kind: 'video' | 'audio') => {
    const track = kind === 'video' ? localStream?.getVideoTracks()[0] : localStream?.getAudioTracks()[0];
    return track?.getSettings().deviceId ?? '';
  };
  const options = (list: MediaDeviceInfo[], fallback: string) =>
    list.map((device, index) => ({
      value: device.deviceId,
      label: device.label || t(fallback, { number: index + 1 }),
    }));

  return (
    <>
      <button type="button" className="call-tool" onClick={() => dialog.current?.showModal()}>
        <CallIcon name="devices" />
        <span className="kern-sr-only">{t('call.devices.open')}</span>
      </button>
      <dialog ref={dialog} className="kern-dialog call-devices" aria-labelledby={headingId}>
        <header className="kern-dialog__header">
          <h3 id={headingId} className="kern-title kern-heading-small">
            {t('call.devices.title')}
          </h3>
        </header>
        <div className="kern-dialog__body">
          {cameras.length > 1 ? (
            <SelectField
              id={`${idPrefix}-camera`}
              label={t('devices.camera')}
              value={currentId('video')}
              options={options(cameras, 'devices.cameraN')}
              onChange={(id) => void choose('camera', id)}
            />
          ) : null}
          {microphones.length > 1 ? (
            <SelectField
              id={`${idPrefix}-microphone`}
              label={t('devices.microphone')}
              value={currentId('audio')}
              options={options(microphones, 'devices.microphoneN')}
              onChange={(id) => void choose('microphone', id)}
            />
          ) : null}
          {speakers.length > 1 ? (
            <SelectField
              id={`${idPrefix}-speaker`}
              label={t('devices.speaker')}
              value={speakerId ?? speakers[0]?.deviceId ?? ''}
              options={options(speakers, 'devices.speakerN')}
              onChange={(id) => {
                props.onSpeaker(id);
                props.onDeviceChosen?.('speaker', id);
              }}
            />
          ) : null}
        </div>
        <footer className="kern-dialog__footer">
          <Button variant="secondary" onClick={() => dialog.current?.close()}>
            {t('call.devices.close')}
          </Button>
        </footer>
      </dialog>
    </>
  );
}
