import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventRecording, EventRecordingList, RecordingFile } from '../../shared/event-recordings';
import { formatTime } from '../citizen/format';
import { Button } from '../components/Button';
import { FormAlert } from '../components/FormAlert';
import { useAction } from '../hooks/useAction';
import { useLoad } from '../hooks/useLoad';

/** While a recording is converted, the list asks again this often. */
const CONVERTING_POLL_MS = 3_000;

interface Props {
  recording: boolean | null;
  start(): Promise<unknown>;
  stop(): Promise<unknown>;
  list(): Promise<EventRecordingList>;
  fileUrl(recordingId: string, fileId: string): string;
}

const duration = (ms: number) => {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};

/** The hosts start and stop the recording and download what was recorded (converted after the stop). */
export function HostRecording({ recording, start, stop, list, fileUrl }: Props) {
  const { t } = useTranslation();
  const { problem, run } = useAction();
  const load = useCallback(() => list(), [list]);
  const recordings = useLoad(load);
  const reload = recordings.reload;

  // Started or stopped (by any host): the list shows it; while converting, it is asked again.
  useEffect(() => {
    if (recording !== null) void reload();
  }, [recording, reload]);
  // Each answer (a new object) plans the next question while one is still converting.
  const data = recordings.data;
  useEffect(() => {
    if (!data?.recordings.some((r) => r.status === 'converting')) return;
    const timer = setTimeout(() => void reload(), CONVERTING_POLL_MS);
    return () => clearTimeout(timer);
  }, [data, reload]);

  if (data && !data.available) return null;
  return (
    <section className="stack stack--small" aria-labelledby="event-recording-heading">
      <h2 id="event-recording-heading" className="kern-heading-medium">
        {t('events.recording.title')}
      </h2>
      <div>
        {recording ? (
          <Button variant="secondary" onClick={() => void run(stop)}>
            {t('events.recording.stop')}
          </Button>
        ) : (
          <Button onClick={() => void run(start)}>{t('events.recording.start')}</Button>
        )}
      </div>
      {problem ? <FormAlert message={problem} /> : null}
      {data?.recordings.length === 0 ? (
        <p className="kern-body">{t('events.recording.none')}</p>
      ) : (
        <ul className="stack stack--small">
          {data?.recordings.map((r) => (
            <RecordingItem key={r.id} recording={r} fileUrl={fileUrl} />
          ))}
        </ul>
      )}
      <p className="kern-body kern-body--small">{t('events.recording.retention')}</p>
    </section>
  );
}

function RecordingItem({ recording, fileUrl }: { recording: EventRecording; fileUrl: Props['fileUrl'] }) {
  const { t, i18n } = useTranslation();
  const label = (file: RecordingFile) =>
    t('events.recording.file', {
      place: t(`events.recording.place.${file.place}`),
      media: t(`events.recording.media.${file.media}`),
      duration: duration(file.durationMs),
    });
  return (
    <li className="kern-body stack stack--small">
      <span>
        {t('events.recording.item', { start: formatTime(recording.startedAt, undefined, i18n.language) })}
        {`: ${t(`events.recording.status.${recording.status}`)}`}
      </span>
      {recording.status === 'ready' && recording.files.length === 0 ? (
        <span>{t('events.recording.noFiles')}</span>
      ) : null}
      {recording.files.length > 0 ? (
        <ul>
          {recording.files.map((file) => (
            <li key={file.id}>
              <a href={fileUrl(recording.id, file.id)} download>
                {label(file)}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
