import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Me } from '../../shared/auth';
import type { StaffEvent } from '../../shared/events';
import { eventsApi, moderationApi } from '../api/events';
import type { RealtimeClient } from '../call/realtime-client';
import { VideoView } from '../callui/VideoView';
import { Button } from '../components/Button';
import { FormAlert } from '../components/FormAlert';
import { useLoad } from '../hooks/useLoad';
import { usePageTitle } from '../hooks/usePageTitle';
import { problemMessage } from '../lib/problemMessage';
import { StaffOnly } from '../staff/StaffOnly';
import { EventDetails } from './EventDetails';
import { FloorAudio } from './FloorAudio';
import { HostHands } from './HostHands';
import { HostQuestions } from './HostQuestions';
import { HostRecording } from './HostRecording';
import { HostRoom } from './HostRoom';
import { RecordingStatus } from './RecordingStatus';
import { StageSection } from './StageSection';
import { publishStage } from './stage-media';
import { useEventNews } from './use-event-news';
import { useEventSocket } from './use-event-socket';

/** /staff/veranstaltungen/:eventId — a host goes on stage with camera and microphone. */
export function EventHostPage() {
  const { eventId = '' } = useParams();
  return <StaffOnly>{(me) => <Host key={eventId} eventId={eventId} me={me} />}</StaffOnly>;
}

function Host({ eventId, me }: { eventId: string; me: Me }) {
  const { t } = useTranslation();
  const load = useCallback(() => eventsApi.hosted(eventId), [eventId]);
  const event = useLoad(load);
  usePageTitle(event.data?.title ?? t('common.loading'));
  if (!event.data) {
    return event.error ? (
      <FormAlert message={problemMessage(event.error, t)} />
    ) : (
      <p className="kern-body">{t('common.loading')}</p>
    );
  }
  const hostNames = event.data.hosts.map((h) => h.displayName);
  return (
    <div className="stack">
      <EventDetails event={{ ...event.data, hostNames }} />
      <p className="kern-body">
        {t('eventHost.audienceLink')}{' '}
        <Link to={`/${me.tenant.slug}/veranstaltungen/${event.data.id}`}>
          {t('eventHost.audienceLinkText')}
        </Link>
      </p>
      {event.data.cancelledAt ? (
        <p className="kern-body">{t('events.cancelled')}</p>
      ) : (
        <Hosting event={event.data} />
      )}
    </div>
  );
}

/**
 * The host's part, on one socket: the stage, the voice of whoever has the floor, the room (count, lock),
 * hands and questions.
 */
function Hosting({ event }: { event: StaffEvent }) {
  const { client } = useEventSocket();
  const news = useEventNews(client, event.id, (_question, before) => before === undefined);
  const moderation = useMemo(() => moderationApi(event.id), [event.id]);
  if (!client) return null;
  return (
    <>
      <RecordingStatus recording={news.recording} />
      <OnStage client={client} event={event} />
      <HostRecording
        recording={news.recording}
        start={moderation.startRecording}
        stop={moderation.stopRecording}
        list={moderation.recordings}
        fileUrl={moderation.recordingFileUrl}
      />
      <FloorAudio client={client} eventId={event.id} />
      <HostRoom room={news.room} maxAudience={event.maxAudience} lock={moderation.lock} />
      <HostHands
        hands={news.hands}
        floor={news.floor}
        give={moderation.giveFloor}
        take={moderation.takeFloor}
        remove={moderation.remove}
      />
      <HostQuestions questions={news.questions} latest={news.latest} decide={moderation.decide} />
    </>
  );
}

type StageState = 'off' | 'starting' | 'live' | 'failed';

/** Camera and microphone on, then published through the server to the event's media server. */
function OnStage({ client, event }: { client: RealtimeClient; event: StaffEvent }) {
  const { t } = useTranslation();
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [state, setState] = useState<StageState>('off');
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!stream) return;
    const stage = publishStage(client, event.id, stream, (live) => setState(live ? 'live' : 'starting'));
    const offError = client.on('error', (message) => {
      if (!message.code.startsWith('event-') && message.code !== 'failed') return;
      setProblem(t('eventHost.refused'));
      setState('failed');
    });
    return () => {
      offError();
      stage.stop();
    };
  }, [client, stream, event.id, t]);

  const start = async () => {
    setProblem(null);
    setState('starting');
    try {
      setStream(await navigator.mediaDevices.getUserMedia({ audio: true, video: true }));
    } catch {
      setState('failed');
      setProblem(t('eventHost.noDevices'));
    }
  };
  const stop = () => {
    for (const track of stream?.getTracks() ?? []) track.stop();
    setStream(null);
    setState('off');
  };

  return (
    <StageSection status={t(`eventHost.state.${state}`)}>
      {problem ? <FormAlert message={problem} /> : null}
      <VideoView stream={stream} className="stage-video" self label={t('eventHost.ownVideo')} />
      <div>
        {stream ? (
          <Button variant="secondary" onClick={stop}>
            {t('eventHost.leaveStage')}
          </Button>
        ) : (
          <Button onClick={() => void start()}>{t('eventHost.goOnStage')}</Button>
        )}
      </div>
    </StageSection>
  );
}
