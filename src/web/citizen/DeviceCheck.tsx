import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { watchAudioLevel } from '../call/audio-level';
import { type DeviceList, type LocalMedia, listDevices, type MediaErrorKind } from '../call/media';
import { type DevicePrefs, openWithPrefs, stopStream } from '../callui/devices';
import { playTestTone } from '../callui/tone';
import { VideoView } from '../callui/VideoView';
import { Button } from '../components/Button';
import { SelectField } from '../components/SelectField';

interface DeviceCheckProps {
  initial: DevicePrefs;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  /** Hands the opened stream over (null: no device at all) with the choices made. */
  onContinue(stream: MediaStream | null, prefs: DevicePrefs): void;
}

/** Camera preview, microphone level, speaker test and device choice before entering. */
export function DeviceCheck({ initial, headingRef, onContinue }: DeviceCheckProps) {
  const { t } = useTranslation();
  const [prefs, setPrefs] = useState<DevicePrefs>(initial);
  const [media, setMedia] = useState<LocalMedia | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [devices, setDevices] = useState<DeviceList | null>(null);
  const [level, setLevel] = useState(0);
  const [tone, setTone] = useState<'idle' | 'playing' | 'played'>('idle');
  const handedOver = useRef<MediaStream | null>(null);
  const { cameraId, microphoneId } = prefs;

  // (Re)open camera and microphone whenever the choice changes; a stream not handed over is stopped.
  useEffect(() => {
    void attempt;
    let cancelled = false;
    let opened: MediaStream | null = null;
    setMedia(null);
    openWithPrefs({
      audioOnly: false,
      ...(cameraId ? { cameraId } : {}),
      ...(microphoneId ? { microphoneId } : {}),
    }).then(
      async (result) => {
        if (cancelled) return stopStream(result.stream);
        opened = result.stream;
        setMedia(result);
        // Labels are only known once access was granted.
        setDevices(await listDevices().catch(() => null));
      },
      () => !cancelled && setMedia({ stream: null, videoError: 'other', audioError: 'other' }),
    );
    return () => {
      cancelled = true;
      if (opened && opened !== handedOver.current) stopStream(opened);
    };
  }, [cameraId, microphoneId, attempt]);

  const stream = media?.stream ?? null;
  const hasVideo = (stream?.getVideoTracks().length ?? 0) > 0;
  const hasAudio = (stream?.getAudioTracks().length ?? 0) > 0;

  useEffect(() => {
    if (!stream || stream.getAudioTracks().length === 0) return;
    return watchAudioLevel(stream, setLevel, { intervalMs: 150 });
  }, [stream]);

  function proceed(audioOnly: boolean) {
    if (stream && audioOnly) {
      for (const track of stream.getVideoTracks()) {
        stream.removeTrack(track);
        track.stop();
      }
    }
    const usable = stream && stream.getTracks().length > 0 ? stream : null;
    handedOver.current = usable;
    onContinue(usable, { ...prefs, audioOnly: audioOnly || !hasVideo });
  }

  const options = (list: MediaDeviceInfo[], fallback: string) =>
    list.map((device, index) => ({
      value: device.deviceId,
      label: device.label || t(fallback, { number: index + 1 }),
    }));
  const currentId = (track: MediaStreamTrack | undefined) => track?.getSettings().deviceId ?? '';

  return (
    <section className="stack" aria-labelledby="device-check-heading">
      <div className="stack stack--small">
        <h2 id="device-check-heading" ref={headingRef} tabIndex={-1} className="kern-heading-medium">
          {t('devices.title')}
        </h2>
        <p className="kern-body">{t('devices.intro')}</p>
      </div>
      <div role="status">{media === null ? <p className="kern-body">{t('devices.opening')}</p> : null}</div>
      {media?.videoError ? <MediaProblem kind="camera" error={media.videoError} /> : null}
      {media?.audioError ? <MediaProblem kind="microphone" error={media.audioError} /> : null}
      {media && (media.videoError || media.audioError) ? (
        <div>
          <Button variant="secondary" onClick={() => setAttempt((n) => n + 1)}>
            {t('devices.retry')}
          </Button>
        </div>
      ) : null}

      <div className="device-check">
        <div className="stack stack--small">
          <h3 className="kern-heading-small">{t('devices.cameraHeading')}</h3>
          {hasVideo ? (
            <VideoView stream={stream} className="device-check__preview" self label={t('devices.preview')} />
          ) : (
            <p className="device-check__placeholder kern-body">{t('devices.noPreview')}</p>
          )}
          {devices && devices.videoinput.length > 0 && hasVideo ? (
            <SelectField
              id="device-camera"
              label={t('devices.camera')}
              value={currentId(stream?.getVideoTracks()[0])}
              options={options(devices.videoinput, 'devices.cameraN')}
              onChange={(id) => setPrefs((p) => ({ ...p, cameraId: id }))}
            />
          ) : null}
        </div>
        <div className="stack stack--small">
          <h3 className="kern-heading-small">{t('devices.microphoneHeading')}</h3>
          <div className="kern-form-input">
            <label className="kern-label" htmlFor="device-level">
              {t('devices.level')}
            </label>
            <div className="kern-hint" id="device-level-hint">
              {hasAudio ? t('devices.levelHint') : t('devices.noMicrophone')}
            </div>
            <meter
              id="device-level"
              className="level-meter"
              min={0}
              max={1}
              low={0.2}
              high={0.85}
              optimum={0.5}
              value={hasAudio ? level : 0}
              aria-describedby="device-level-hint"
            />
          </div>
          {devices && devices.audioinput.length > 0 && hasAudio ? (
            <SelectField
              id="device-microphone"
              label={t('devices.microphone')}
              value={currentId(stream?.getAudioTracks()[0])}
              options={options(devices.audioinput, 'devices.microphoneN')}
              onChange={(id) => setPrefs((p) => ({ ...p, microphoneId: id }))}
            />
          ) : null}
          <h3 className="kern-heading-small">{t('devices.speakerHeading')}</h3>
          {devices && devices.audiooutput.length > 0 ? (
            <SelectField
              id="device-speaker"
              label={t('devices.speaker')}
              value={prefs.speakerId ?? devices.audiooutput[0]?.deviceId ?? ''}
              options={options(devices.audiooutput, 'devices.speakerN')}
              onChange={(id) => setPrefs((p) => ({ ...p, speakerId: id }))}
            />
          ) : null}
          <div>
            <Button
              variant="secondary"
              disabled={tone === 'playing'}
              onClick={async () => {
                setTone('playing');
                await playTestTone(prefs.speakerId).catch(() => {});
                setTone('played');
              }}
            >
              {t('devices.playTone')}
            </Button>
          </div>
          <div role="status">
            {tone === 'played' ? <p className="kern-body">{t('devices.toneHint')}</p> : null}
          </div>
        </div>
      </div>

      {media ? (
        <div className="stack stack--small">
          <div className="button-row">
            {hasVideo ? (
              <>
                <Button onClick={() => proceed(false)}>{t('devices.continue')}</Button>
                <Button variant="secondary" onClick={() => proceed(true)} aria-describedby="audio-only-hint">
                  {t('devices.continueAudioOnly')}
                </Button>
              </>
            ) : (
              <Button onClick={() => proceed(true)} aria-describedby="audio-only-hint">
                {hasAudio ? t('devices.continueAudioOnly') : t('devices.continueWithout')}
              </Button>
            )}
          </div>
          <p className="kern-body kern-body--small" id="audio-only-hint">
            {t('devices.audioOnlyHint')}
          </p>
        </div>
      ) : null}
    </section>
  );
}

function MediaProblem({ kind, error }: { kind: 'camera' | 'microphone'; error: MediaErrorKind }) {
  const { t } = useTranslation();
  return (
    <div className="kern-alert kern-alert--warning">
      <div className="kern-alert__header">
        <span className="kern-icon kern-icon--warning" aria-hidden="true" />
        <span className="kern-title">{t(`devices.problem.${kind}`)}</span>
      </div>
      <div className="kern-alert__body">
        <p className="kern-body">{t(`devices.problem.${error}`)}</p>
      </div>
    </div>
  );
}
