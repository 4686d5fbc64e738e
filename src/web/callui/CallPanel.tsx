import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallPeer } from '../../shared/realtime';
import type { CallSession } from '../call/call-session';
import {
  type DeviceList,
  isCameraOff,
  isMicrophoneMuted,
  listDevices,
  setCameraOff,
  setMicrophoneMuted,
} from '../call/media';
import { Button } from '../components/Button';
import { SelectField } from '../components/SelectField';
import { CallInterruption } from './CallInterruption';
import { switchDevice } from './devices';
import { QualityIndicator } from './QualityIndicator';
import { RemoteTile } from './RemoteTile';
import { useCall } from './useCall';
import { type ParticipantNames, useParticipantName } from './useParticipantName';
import { usePeerNotice } from './usePeerNotice';
import { useScreenShare } from './useScreenShare';
import { VideoView } from './VideoView';

interface CallPanelProps {
  /** Prefix for element ids, so two panels never collide. */
  idPrefix: string;
  session: CallSession | null;
  localStream: MediaStream | null;
  heading: string;
  /** How this side calls the agent or the citizen, if not by their role (guests go by their label). */
  names?: ParticipantNames;
  hangUpLabel: string;
  onHangUp(): void;
  /** Remembers a device switch (e.g. in the tab's preferences). */
  onDeviceChosen?(kind: 'camera' | 'microphone' | 'speaker', deviceId: string): void;
  speakerId?: string | undefined;
  /** Further actions of this side, e.g. the agent's transfer and end buttons. */
  children?: ReactNode;
  /** The consultation's working panels (chat, files, shared form), shown below the controls. */
  panels?: ReactNode;
  /** After this many minutes of interruption the panel says the call may be given up (the agent's side). */
  interruptionLimitMinutes?: number;
}

/**
 * The live consultation: the others big (one labelled tile each), oneself small, connection state and
 * who joined or left as text in a polite live region, quality, and keyboard-operable controls below
 * the pictures (never over them).
 */
export function CallPanel(props: CallPanelProps) {
  const { idPrefix, session, localStream, heading, names = {}, hangUpLabel, onHangUp, children } = props;
  const { t } = useTranslation();
  const call = useCall(session);
  const participantName = useParticipantName(names);
  const nameOf = (peer: CallPeer) => participantName(peer.id, peer.label);
  const peerNotice = usePeerNotice(call.remotes, nameOf);
  const screen = useScreenShare(session, localStream);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [muted, setMuted] = useState(() => (localStream ? isMicrophoneMuted(localStream) : false));
  const [cameraOff, setCameraOffState] = useState(() =>
    localStream && localStream.getVideoTracks().length > 0 ? isCameraOff(localStream) : false,
  );
  const [devices, setDevices] = useState<DeviceList | null>(null);
  const [speakerId, setSpeakerId] = useState(props.speakerId);
  const [soundBlocked, setSoundBlocked] = useState(false);
  const [, setTrackVersion] = useState(0);

  // The call heading takes focus when the call view opens (no trap: Tab moves on as usual).
  useEffect(() => headingRef.current?.focus(), []);

  useEffect(() => {
    listDevices().then(setDevices, () => setDevices(null));
  }, []);

  const hasLocalVideo = (localStream?.getVideoTracks().length ?? 0) > 0;
  const hasLocalAudio = (localStream?.getAudioTracks().length ?? 0) > 0;
  const blocked = useCallback(() => setSoundBlocked(true), []);

  async function choose(kind: 'camera' | 'microphone', deviceId: string) {
    if (!localStream || !deviceId) return;
    const track = await switchDevice(localStream, kind === 'camera' ? 'video' : 'audio', deviceId).catch(
      () => undefined,
    );
    // While the screen is shared the new camera waits; stopping the share sends it.
    if (track && !(track.kind === 'video' && screen.stream)) await session?.replaceTrack(track);
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
    <section className="call stack" aria-labelledby={`${idPrefix}-heading`}>
      <h2 id={`${idPrefix}-heading`} ref={headingRef} tabIndex={-1} className="kern-heading-medium">
        {heading}
      </h2>
      <div role="status" className="call__state">
        <span className={`kern-icon kern-icon--${stateIcon(call.state)}`} aria-hidden="true" />
        <span className="kern-body kern-body--bold">{t(`call.state.${call.state}`)}</span>
        {screen.notice ? <span className="kern-body">{t(`call.screen.${screen.notice}`)}</span> : null}
        {peerNotice ? <span className="kern-body">{peerNotice}</span> : null}
        <CallInterruption
          session={session}
          state={call.state}
          {...(props.interruptionLimitMinutes !== undefined
            ? { limitMinutes: props.interruptionLimitMinutes }
            : {})}
        />
      </div>
      <div className="call__stage">
        <ul className="call__remotes" aria-label={t('guests.participants')}>
          {call.remotes.length === 0 ? (
            <li className="call__tile">
              <p className="call__placeholder kern-body">{t('call.waitingForPicture')}</p>
            </li>
          ) : null}
          {call.remotes.map((remote) => (
            <RemoteTile
              key={remote.peer.id}
              name={nameOf(remote.peer)}
              stream={remote.stream}
              muted={soundBlocked}
              speakerId={speakerId}
              onAutoplayBlocked={blocked}
            />
          ))}
        </ul>
        <div className="call__self">
          {screen.stream ? (
            <VideoView
              stream={screen.stream}
              className="call__self-video call__self-video--screen"
              self
              mirrored={false}
              label={t('call.screen.preview')}
            />
          ) : hasLocalVideo && !cameraOff ? (
            <VideoView stream={localStream} className="call__self-video" self label={t('call.selfVideo')} />
          ) : (
            <p className="call__placeholder call__placeholder--small kern-body">{t('call.selfNoVideo')}</p>
          )}
        </div>
      </div>
      <QualityIndicator quality={call.quality} active={call.state === 'connected'} />
      {soundBlocked ? (
        <div>
          <Button variant="secondary" onClick={() => setSoundBlocked(false)}>
            {t('call.enableSound')}
          </Button>
        </div>
      ) : null}
      <fieldset className="call__controls">
        <legend className="kern-sr-only">{t('call.controls')}</legend>
        <Button
          variant="secondary"
          aria-pressed={muted}
          disabled={!hasLocalAudio}
          onClick={() => {
            if (!localStream) return;
            setMicrophoneMuted(localStream, !muted);
            setMuted(!muted);
          }}
        >
          {t('call.mute')}
        </Button>
        <Button
          variant="secondary"
          aria-pressed={cameraOff}
          disabled={!hasLocalVideo}
          onClick={() => {
            if (!localStream) return;
            setCameraOff(localStream, !cameraOff);
            setCameraOffState(!cameraOff);
          }}
        >
          {t('call.cameraOff')}
        </Button>
        {screen.supported ? (
          <Button variant="secondary" aria-pressed={screen.stream !== null} onClick={screen.toggle}>
            {t('call.screen.share')}
          </Button>
        ) : null}
        <button type="button" className="kern-btn kern-btn--primary call__hangup" onClick={onHangUp}>
          <span className="kern-icon kern-icon--close" aria-hidden="true" />
          <span className="kern-label">{hangUpLabel}</span>
        </button>
      </fieldset>
      {children}
      {props.panels}
      {devices ? (
        <div className="form-grid call__devices">
          {hasLocalVideo && devices.videoinput.length > 1 ? (
            <SelectField
              id={`${idPrefix}-camera`}
              label={t('devices.camera')}
              value={currentId('video')}
              options={options(devices.videoinput, 'devices.cameraN')}
              onChange={(id) => void choose('camera', id)}
            />
          ) : null}
          {hasLocalAudio && devices.audioinput.length > 1 ? (
            <SelectField
              id={`${idPrefix}-microphone`}
              label={t('devices.microphone')}
              value={currentId('audio')}
              options={options(devices.audioinput, 'devices.microphoneN')}
              onChange={(id) => void choose('microphone', id)}
            />
          ) : null}
          {devices.audiooutput.length > 1 ? (
            <SelectField
              id={`${idPrefix}-speaker`}
              label={t('devices.speaker')}
              value={speakerId ?? devices.audiooutput[0]?.deviceId ?? ''}
              options={options(devices.audiooutput, 'devices.speakerN')}
              onChange={(id) => {
                setSpeakerId(id);
                props.onDeviceChosen?.('speaker', id);
              }}
            />
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function stateIcon(state: string): string {
  if (state === 'connected') return 'success';
  if (state === 'reconnecting') return 'warning';
  return 'info';
}
