import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import type { WaitingEntry } from '../../shared/realtime';
import { staffApi } from '../api/staff';
import { useAuth, useKnownAuth } from '../auth/context';
import { CallPanel } from '../callui/CallPanel';
import { loadDevicePrefs, openWithPrefs, saveDevicePrefs, stopStream } from '../callui/devices';
import { TakenOverNotice } from '../callui/TakenOverNotice';
import { Button } from '../components/Button';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { FormAlert } from '../components/FormAlert';
import { StatusMessage } from '../components/StatusMessage';
import { ConsultationRecord } from '../consultation/ConsultationRecord';
import { consultationTabs } from '../consultation/consultationTabs';
import { useConsultationRecord } from '../consultation/useConsultationRecord';
import { GuestInvitePanel } from '../guest/GuestInvitePanel';
import { useLoad } from '../hooks/useLoad';
import { usePageTitle } from '../hooks/usePageTitle';
import { useRealtimeConnection } from '../hooks/useRealtimeConnection';
import { problemMessage } from '../lib/problemMessage';
import { CallQueueActions } from './CallQueueActions';
import { ClerkPresence } from './ClerkPresence';
import { FinishForm } from './FinishForm';
import { HelpAlerts } from './HelpAlerts';
import { HelpCallButton, helpCallOf } from './HelpCallButton';
import { QueueSection } from './QueueSection';
import { QueueSummary } from './QueueSummary';
import { waitingCount } from './QueueTable';
import { SignedOutNotice } from './SignedOutNotice';
import { TransferDialog, type TransferTarget } from './TransferDialog';
import { useFinishDraft } from './useFinishDraft';
import { useStaffSession } from './useStaffSession';
import { workspaceProblemMessage } from './workspaceProblemMessage';

/** After this long without the citizen the call panel tells the agent they may end it and call the next. */
const CITIZEN_AWAY_LIMIT_MINUTES = 2;
/** The side-panel tab with the queues, opened by the queue count in the call's top bar. */
const QUEUES_TAB = 'queues';

/** The agent's workspace; signed-out visitors go to /login. */
export function StaffWorkspace() {
  const { t } = useTranslation();
  const { me } = useAuth();
  if (me === undefined) return <p className="kern-body">{t('common.loading')}</p>;
  if (me === null) return <Navigate to="/login" replace />;
  return <Workspace />;
}

const CLOCK_TICK_MS = 30_000;
/** Staff prove who they are by their session cookie. */
const NO_AUTH = {};

function Workspace() {
  const { t } = useTranslation();
  const { me } = useKnownAuth();
  usePageTitle(t('staff.title'));
  const workspace = useLoad(staffApi.workspace);
  const [selected, setSelected] = useState<Set<string> | null>(null);
  const [available, setAvailable] = useState(false);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [transfer, setTransfer] = useState<TransferTarget | null>(null);
  const [now, setNow] = useState(Date.now());
  const titleRef = useRef<HTMLHeadingElement>(null);
  const streamRef = useRef(stream);
  streamRef.current = stream;
  // Names of citizens seen in the queues, to name the one in the call after they left the queue.
  const seen = useRef(new Map<string, { entry: WaitingEntry; officeId: string }>());

  // A consultation that was live when the page loaded (a reload) counts until its call ends.
  const [resuming, setResuming] = useState(true);
  const onCallEnded = useCallback(() => {
    setResuming(false);
    setStatus(t('staff.call.ended'));
    titleRef.current?.focus();
  }, [t]);
  const live = useStaffSession(Boolean(workspace.data), workspace.data?.queues, stream, onCallEnded);
  const connection = useRealtimeConnection(live.client);
  // Notes stay open after the call ends, until the agent closes them or the next call starts.
  const [recordFor, setRecordFor] = useState<string | null>(null);
  const liveConsultationId = live.call?.consultationId;
  useEffect(() => {
    if (liveConsultationId) setRecordFor(liveConsultationId);
  }, [liveConsultationId]);
  const record = useConsultationRecord(recordFor);
  // The services performed, beside the notes: ending the call sends them with its outcome.
  const finish = useFinishDraft(recordFor);
  const endCall = (consultationId: string) =>
    finish?.consultationId === consultationId
      ? finish.endCall(record?.record?.outcome ?? null)
      : staffApi.end(consultationId);
  for (const queue of live.queues.values()) {
    for (const entry of queue.waiting) seen.current.set(entry.visitId, { entry, officeId: queue.officeId });
  }

  // First load: what the server says I serve now.
  useEffect(() => {
    const data = workspace.data;
    if (!data || selected) return;
    const serving = data.offices.filter((o) => o.serving).map((o) => o.id);
    setSelected(new Set(serving.length > 0 ? serving : data.offices.map((o) => o.id)));
    setAvailable(serving.length > 0);
  }, [workspace.data, selected]);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), CLOCK_TICK_MS);
    return () => clearInterval(timer);
  }, []);

  // Camera and microphone are ready while I am available or in a call; off otherwise.
  const needsMedia =
    !live.signedOut &&
    (available || live.call !== null || (resuming && Boolean(workspace.data?.liveConsultation)));
  useEffect(() => {
    if (!needsMedia) return;
    let cancelled = false;
    let opened: MediaStream | null = null;
    openWithPrefs(loadDevicePrefs()).then((media) => {
      if (cancelled) return stopStream(media.stream);
      opened = media.stream;
      setStream(media.stream);
    });
    return () => {
      cancelled = true;
      stopStream(opened);
      setStream(null);
    };
  }, [needsMedia]);

  // The session ended elsewhere (another tab, an admin, a timeout): no queues, no controls, a way back in.
  if (live.signedOut) {
    return (
      <div className="stack">
        <h1 className="kern-heading-large">{t('staff.title')}</h1>
        <SignedOutNotice />
      </div>
    );
  }
  if (workspace.error) return <FormAlert message={problemMessage(workspace.error, t)} />;
  const data = workspace.data;
  if (!data || !selected) return <p className="kern-body">{t('common.loading')}</p>;

  /** Shown at once (the controls follow the hand); put back if the server refuses. */
  async function setPresence(nextAvailable: boolean, nextSelected: Set<string>) {
    const before = { available, selected };
    setProblem(null);
    setAvailable(nextAvailable);
    setSelected(nextSelected);
    try {
      await staffApi.presence(nextAvailable ? [...nextSelected] : []);
      setStatus(nextAvailable ? t('staff.presence.nowAvailable') : t('staff.presence.nowAway'));
    } catch (error) {
      setAvailable(before.available);
      setSelected(before.selected);
      setProblem(problemMessage(error, t));
    }
  }

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setProblem(null);
    setStatus(null);
    try {
      await action();
    } catch (error) {
      setProblem(workspaceProblemMessage(error, t));
    } finally {
      setBusy(false);
    }
  }

  const call = live.call;
  const callVisitId = call?.peer.startsWith('citizen:') ? call.peer.slice('citizen:'.length) : null;
  const callSeen = callVisitId ? seen.current.get(callVisitId) : undefined;
  // After a reload the queue no longer lists the citizen in my call: the workspace says who it is.
  const resumed = data.liveConsultation?.visitId === callVisitId ? data.liveConsultation : null;
  const callEntry = callSeen?.entry ?? resumed ?? undefined;
  const callOfficeId = callSeen?.officeId ?? resumed?.officeId;
  const inCall = call !== null;
  const shownQueues = data.offices.filter((o) => selected.has(o.id));
  const citizenName = callEntry?.displayName ?? t('staff.call.citizen');
  const waiting = shownQueues.reduce((sum, o) => sum + waitingCount(live.queues.get(o.id)), 0);
  const presence = (heading: 'h2' | 'h3') => (
    <ClerkPresence
      offices={data.offices}
      selected={selected}
      available={available}
      setPresence={setPresence}
      setSelected={setSelected}
      queues={live.queues}
      staffId={me?.id}
      inCall={inCall}
      onStatus={setStatus}
      heading={heading}
    />
  );
  const queues = (heading: 'h2' | 'h3') => (
    <QueueSection
      offices={shownQueues}
      queues={live.queues}
      available={available}
      inCall={inCall}
      busy={busy}
      now={now}
      // In a call, "next" ends it first: the next person is one press away without leaving the call.
      onCallNext={(officeId) =>
        void run(async () => {
          if (call) await endCall(call.consultationId);
          const { skippedAway = 0 } = await staffApi.callNext(officeId);
          if (skippedAway > 0) setStatus(t('staff.queue.skippedAway', { count: skippedAway }));
        })
      }
      onCall={(entry) => void run(() => staffApi.call(entry.visitId))}
      onTransfer={(entry, officeId) =>
        setTransfer({ visitId: entry.visitId, displayName: entry.displayName, officeId })
      }
      run={(action) => void run(action)}
      onDone={setStatus}
      heading={heading}
    />
  );

  return (
    <div className="stack">
      <div className="stack stack--small">
        <h1 ref={titleRef} tabIndex={-1} className="kern-heading-large">
          {t('staff.title')}
        </h1>
        {inCall ? null : <p className="kern-body">{t('staff.intro')}</p>}
      </div>
      <FormAlert message={problem} />
      <StatusMessage message={status} />
      <ConnectionBanner
        connection={connection}
        reconnecting={t('staff.reconnecting')}
        offlineTitle={t('staff.offline')}
        offlineDetail={t('staff.offlineText')}
        withRetry
      />

      <HelpAlerts queues={live.queues} staffId={me?.id} busy={busy} run={(action) => void run(action)} />
      <TakenOverNotice session={live.session} />
      {call ? (
        <CallPanel
          // A new consultation starts a fresh call screen (unread counts, focus on its heading).
          key={call.consultationId}
          idPrefix="staff-call"
          interruptionLimitMinutes={CITIZEN_AWAY_LIMIT_MINUTES}
          session={live.session}
          localStream={stream}
          heading={t('staff.call.title', { name: citizenName })}
          names={{ citizen: citizenName }}
          hangUpLabel={t('staff.call.end')}
          onHangUp={() => void run(() => endCall(call.consultationId))}
          tabs={[
            ...consultationTabs(
              {
                idPrefix: 'staff-call',
                consultationId: call.consultationId,
                self: call.self,
                auth: NO_AUTH,
                client: live.client,
                names: { citizen: citizenName },
              },
              t,
            ),
            {
              id: 'notes',
              label: t('call.tabs.notes'),
              content:
                record?.consultationId === call.consultationId ? (
                  <>
                    <ConsultationRecord state={record} ended={false} heading="h3" />
                    {finish ? (
                      <FinishForm
                        draft={finish}
                        outcome={record.record?.outcome ?? null}
                        ended={false}
                        heading="h3"
                      />
                    ) : null}
                  </>
                ) : null,
            },
            {
              id: 'guests',
              label: t('call.tabs.guests'),
              content: (
                <GuestInvitePanel
                  key={`guests-${call.consultationId}`}
                  idPrefix="staff-call"
                  consultationId={call.consultationId}
                  session={live.session}
                />
              ),
            },
            {
              id: QUEUES_TAB,
              label: t('call.tabs.queues'),
              content: (
                <div className="stack stack--small">
                  {queues('h3')}
                  {presence('h3')}
                </div>
              ),
            },
          ]}
          speakerId={loadDevicePrefs().speakerId}
          onDeviceChosen={(kind, deviceId) => {
            const key = kind === 'camera' ? 'cameraId' : kind === 'microphone' ? 'microphoneId' : 'speakerId';
            saveDevicePrefs({ ...loadDevicePrefs(), [key]: deviceId });
          }}
        >
          {callEntry?.concern ? (
            <p className="kern-body call-screen__concern">
              {t('staff.call.concern', { concern: callEntry.concern })}
            </p>
          ) : null}
          <div className="button-row">
            {callVisitId ? (
              <>
                <Button
                  variant="secondary"
                  onClick={() =>
                    setTransfer({
                      visitId: callVisitId,
                      displayName: citizenName,
                      officeId: callOfficeId ?? '',
                    })
                  }
                >
                  {t('staff.call.transfer')}
                </Button>
                <CallQueueActions
                  consultationId={call.consultationId}
                  displayName={citizenName}
                  busy={busy}
                  run={(action) => void run(action)}
                  onDone={setStatus}
                />
              </>
            ) : null}
            <HelpCallButton
              consultationId={call.consultationId}
              helpCall={helpCallOf(live.queues, call.consultationId)}
              busy={busy}
              run={(action) => void run(action)}
              onDone={setStatus}
            />
          </div>
          <QueueSummary waiting={waiting} tabId={QUEUES_TAB} />
        </CallPanel>
      ) : null}

      {!inCall && record ? (
        <div className="stack stack--small">
          <ConsultationRecord state={record} ended />
          {finish ? <FinishForm draft={finish} outcome={record.record?.outcome ?? null} ended /> : null}
          <div>
            <Button variant="tertiary" onClick={() => setRecordFor(null)}>
              {t('consultation.record.close')}
            </Button>
          </div>
        </div>
      ) : null}

      {inCall ? null : presence('h2')}
      {inCall ? null : queues('h2')}

      <TransferDialog
        target={transfer}
        offices={data.transferTargets}
        onClose={() => setTransfer(null)}
        onDone={(message) => {
          setTransfer(null);
          setStatus(message);
        }}
      />
    </div>
  );
}
