import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { EVENT_FULL, EVENT_LOCKED, type PublicEventPage } from '../../shared/events';
import { RESERVED_SEGMENTS } from '../../shared/reserved';
import { ApiProblem } from '../api/client';
import { audienceApi, eventsApi } from '../api/events';
import type { RealtimeClient } from '../call/realtime-client';
import { VideoView } from '../callui/VideoView';
import { Button } from '../components/Button';
import { FormAlert } from '../components/FormAlert';
import { useLoad } from '../hooks/useLoad';
import { usePageTitle } from '../hooks/usePageTitle';
import { problemMessage } from '../lib/problemMessage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { ProofOfWorkStatus } from '../proof-of-work/ProofOfWorkStatus';
import { useProofOfWork } from '../proof-of-work/useProofOfWork';
import { AudienceQuestions } from './AudienceQuestions';
import { EventDetails } from './EventDetails';
import { FloorAudio } from './FloorAudio';
import { RaiseHand } from './RaiseHand';
import { RecordingStatus } from './RecordingStatus';
import { StageSection } from './StageSection';
import { watchStage } from './stage-media';
import { useEventNews } from './use-event-news';
import { useEventSocket } from './use-event-socket';

/** /:tenantSlug/veranstaltungen/:eventId — a citizen watches and listens to an event, no account needed. */
export function EventAudiencePage() {
  const { tenantSlug = '', eventId = '' } = useParams();
  if ((RESERVED_SEGMENTS as readonly string[]).includes(tenantSlug)) return <NotFoundPage />;
  return <Audience key={`${tenantSlug}/${eventId}`} tenantSlug={tenantSlug} eventId={eventId} />;
}

function Audience({ tenantSlug, eventId }: { tenantSlug: string; eventId: string }) {
  const { t } = useTranslation();
  const load = useCallback(() => eventsApi.event(tenantSlug, eventId), [tenantSlug, eventId]);
  const event = useLoad(load);
  usePageTitle(event.data?.title ?? t('common.loading'));

  if (event.error instanceof ApiProblem && event.error.status === 404) return <NotFoundPage />;
  if (!event.data) {
    return event.error ? (
      <FormAlert message={problemMessage(event.error, t)} />
    ) : (
      <p className="kern-body">{t('common.loading')}</p>
    );
  }
  return (
    <div className="citizen-page stack">
      <EventDetails event={event.data} timeZone={event.data.timeZone} />
      {event.data.cancelled ? (
        <p className="kern-body">{t('events.cancelled')}</p>
      ) : (
        <Watch tenantSlug={tenantSlug} event={event.data} />
      )}
    </div>
  );
}

/** Why no seat was given, in the citizen's words (the server's details are English). */
const JOIN_REFUSALS: Record<string, string> = {
  [EVENT_FULL]: 'events.full',
  [EVENT_LOCKED]: 'events.locked',
};

/** Joining: the proof of work runs while the citizen reads; the button takes a seat and starts watching. */
function Watch({ tenantSlug, event }: { tenantSlug: string; event: PublicEventPage }) {
  const { t } = useTranslation();
  const proof = useProofOfWork(eventsApi.challengePath(tenantSlug, event.id));
  const [seat, setSeat] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const join = async () => {
    setProblem(null);
    try {
      const taken = await proof.withProof((headers) => eventsApi.takeSeat(tenantSlug, event.id, headers));
      setSeat(taken.audienceToken);
    } catch (error) {
      const refusal = error instanceof ApiProblem && error.detail ? JOIN_REFUSALS[error.detail] : undefined;
      setProblem(refusal ? t(refusal) : problemMessage(error, t));
    }
  };

  if (seat) return <Joined tenantSlug={tenantSlug} eventId={event.id} audienceToken={seat} />;
  return (
    <section className="stack stack--small" aria-labelledby="event-join-heading">
      <h2 id="event-join-heading" className="kern-heading-medium">
        {t('events.joinTitle')}
      </h2>
      <p className="kern-body">{t('events.joinText')}</p>
      <ProofOfWorkStatus proof={proof} />
      {problem ? <FormAlert message={problem} /> : null}
      <div>
        <Button onClick={() => void join()}>{t('events.join')}</Button>
      </div>
    </section>
  );
}

/** A seat's page: the stage, the voice of whoever has the floor, questions and the raised hand, on one socket. */
function Joined({
  tenantSlug,
  eventId,
  audienceToken,
}: {
  tenantSlug: string;
  eventId: string;
  audienceToken: string;
}) {
  const { client, closed } = useEventSocket(audienceToken);
  const news = useEventNews(
    client,
    eventId,
    (question, before) => question.status === 'approved' && before?.status !== 'approved',
  );
  const seat = useMemo(
    () => audienceApi(tenantSlug, eventId, audienceToken),
    [tenantSlug, eventId, audienceToken],
  );
  if (!client) return null;
  return (
    <>
      <RecordingStatus recording={closed || news.removed ? false : news.recording} />
      <Stage client={client} eventId={eventId} closed={closed} removed={news.removed} />
      {closed || news.removed ? null : (
        <>
          {news.own.floor ? null : <FloorAudio client={client} eventId={eventId} />}
          <RaiseHand
            client={client}
            eventId={eventId}
            own={news.own}
            recording={news.recording === true}
            hand={seat.hand}
          />
          <AudienceQuestions
            questions={news.questions}
            latest={news.latest}
            ask={seat.ask}
            vote={seat.vote}
          />
        </>
      )}
    </>
  );
}

/**
 * The stage as the audience sees it: the host's picture and sound, a note while nobody is on stage, or
 * why it is gone (the event over, or this page removed by a host).
 */
function Stage({
  client,
  eventId,
  closed,
  removed,
}: {
  client: RealtimeClient;
  eventId: string;
  closed: boolean;
  removed: boolean;
}) {
  const { t } = useTranslation();
  const [stream, setStream] = useState<MediaStream | null>(null);

  useEffect(() => {
    const stage = watchStage(client, eventId, setStream);
    return () => stage.stop();
  }, [client, eventId]);

  const gone = closed || removed;
  const status = removed
    ? t('events.removed')
    : closed
      ? t('events.over')
      : stream
        ? t('events.live')
        : t('events.waitingForHost');
  return (
    <StageSection status={status}>
      <VideoView stream={gone ? null : stream} className="stage-video" label={t('events.stageVideo')} />
    </StageSection>
  );
}
