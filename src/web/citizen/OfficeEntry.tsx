import { lazy, Suspense, startTransition, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { LeftReason } from '../../shared/realtime';
import { RESERVED_SEGMENTS } from '../../shared/reserved';
import { citizenApi } from '../api/citizen';
import { ApiProblem } from '../api/client';
import { type DevicePrefs, loadDevicePrefs, saveDevicePrefs, stopStream } from '../callui/devices';
import { useStreamLifecycle } from '../callui/useStreamLifecycle';
import { Button } from '../components/Button';
import { FormAlert } from '../components/FormAlert';
import { RatingForm } from '../consultation/RatingForm';
import { useLoad } from '../hooks/useLoad';
import { usePageTitle } from '../hooks/usePageTitle';
import { afterPaint } from '../lib/afterPaint';
import { problemMessage } from '../lib/problemMessage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { DeviceCheck } from './DeviceCheck';
import { SetAsideNotice } from './SetAsideNotice';
import { useVisitSession } from './useVisitSession';
import { forgetVisitToken, loadVisitToken, saveVisitToken } from './visitToken';
import { WaitingRoom } from './WaitingRoom';

/**
 * The call screen (WebRTC views, chat, files, the shared form with Yjs) loads when the call starts,
 * while the connection to the clerk is being set up (useVisitSession), not while the waiting room starts.
 */
const CitizenCall = lazy(async () => ({ default: (await import('./CitizenCall')).CitizenCall }));
/**
 * The name form is a chunk of its own: it brings the form's validation (zod and the shared schemas) and
 * the proof of work, which neither the device check before it nor the waiting room after it need.
 */
const loadEnterForm = () => import('./EnterForm');
const EnterFormStep = lazy(async () => ({ default: (await loadEnterForm()).EnterFormStep }));

type Phase =
  | 'loading'
  | 'devices'
  | 'form'
  | 'waiting'
  | 'setAside'
  | 'call'
  | 'done'
  | 'left'
  | 'invalid'
  | 'takenOver';

/** The text keys (citizen.ended.*) that say why a visit ended as left. */
const LEFT_TEXT: Record<LeftReason, string> = {
  citizen: 'left',
  disconnected: 'disconnected',
  never_connected: 'notConnected',
  removed_by_staff: 'removed',
  day_ended: 'dayEnded',
};

/**
 * Entering a virtual office, as a small state machine: device check → name and concern → waiting
 * room → call → ended. With a visit token in the tab's storage a reload resumes where it was.
 */
export function OfficeEntry() {
  const { tenantSlug = '', officeSlug = '' } = useParams();
  if ((RESERVED_SEGMENTS as readonly string[]).includes(tenantSlug)) return <NotFoundPage />;
  return <OfficeFlow key={`${tenantSlug}/${officeSlug}`} tenantSlug={tenantSlug} officeSlug={officeSlug} />;
}

/** A booked appointment joins with a visit token of its own: no name form, the device check first. */
export interface AppointmentEntry {
  visitToken: string;
  /** Fresh from the join link: check the devices before the waiting room (not when resuming a reload). */
  checkDevices: boolean;
  /** Opens the link again on this device, taking the visit back from the device that took it over. */
  onTakeBack?(): void;
}

export function OfficeFlow({
  tenantSlug,
  officeSlug,
  appointment,
}: {
  tenantSlug: string;
  officeSlug: string;
  appointment?: AppointmentEntry;
}) {
  const { t } = useTranslation();
  const load = useCallback(() => citizenApi.tenant(tenantSlug), [tenantSlug]);
  const tenant = useLoad(load);
  const [token, setToken] = useState(() => appointment?.visitToken ?? loadVisitToken(tenantSlug));
  const [devicesPending, setDevicesPending] = useState(appointment?.checkDevices ?? false);
  const [step, setStep] = useState<'devices' | 'form'>('devices');
  const [prefs, setPrefs] = useState<DevicePrefs>(loadDevicePrefs);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [leaving, setLeaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const visit = useVisitSession(token, stream);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const status = visit.visit?.status;
  const consultationId = visit.consultationId ?? visit.visit?.consultationId ?? null;
  let phase: Phase = step;
  if (token) {
    if (visit.takenOver) phase = 'takenOver';
    else if (visit.invalid) phase = 'invalid';
    else if (devicesPending && (!status || status === 'waiting')) phase = 'devices';
    else if (!status) phase = 'loading';
    else if (status === 'done') phase = 'done';
    else if (status === 'left') phase = 'left';
    else if (status === 'parked' || status === 'missed') phase = 'setAside';
    else if (visit.inCall || status !== 'waiting')
      phase = 'call'; // called or in consultation
    else phase = 'waiting';
  }
  const walkIn = appointment === undefined;
  const active = phase === 'waiting' || phase === 'setAside' || phase === 'call';
  const finished = phase === 'done' || phase === 'left' || phase === 'invalid' || phase === 'takenOver';
  const endedKey =
    phase === 'done' || phase === 'invalid' || phase === 'takenOver'
      ? phase
      : LEFT_TEXT[visit.visit?.leftReason ?? 'citizen'];

  useStreamLifecycle(stream, setStream, {
    active,
    finished,
    // A taken-over visit's dead token stays, so a reload shows the same notice instead of taking it back.
    onFinished: () => {
      if (!visit.takenOver) forgetVisitToken(tenantSlug);
    },
  });

  // The form's chunk comes during the device check, so "continue" shows it at once; only once the check
  // is on screen, so that on a slow connection its download does not delay the check's first paint.
  const checkShown = phase === 'devices' && walkIn && tenant.data !== undefined;
  useEffect(() => {
    if (checkShown) return afterPaint(() => void loadEnterForm());
  }, [checkShown]);

  // Each new step's heading takes focus, as a new page would (the call view focuses its own).
  const shownPhase = useRef(phase);
  useEffect(() => {
    if (shownPhase.current === phase) return;
    shownPhase.current = phase;
    if (phase !== 'call') headingRef.current?.focus();
  }, [phase]);

  const office = tenant.data?.offices.find((o) => o.slug === officeSlug);
  const officeName = visit.visit?.office.name ?? office?.name ?? '';
  usePageTitle(officeName ? `${t(`citizen.phase.${phase}`)} – ${officeName}` : t('common.loading'));

  if (!token && tenant.error instanceof ApiProblem && tenant.error.status === 404) return <NotFoundPage />;
  if (!token && tenant.data && !office) return <NotFoundPage />;

  async function leave() {
    if (!token) return;
    setLeaving(true);
    try {
      await citizenApi.leave(token);
      visit.markLeft();
      setProblem(null);
    } catch (error) {
      setProblem(problemMessage(error, t));
    } finally {
      setLeaving(false);
    }
  }

  function startOver() {
    setToken(null);
    setStep('devices');
  }

  const stepNumber = (
    appointment ? { devices: 1, waiting: 2 } : { devices: 1, form: 2, waiting: 3 }
  ) as Partial<Record<Phase, number>>;
  const closedNow = !token && office && (!office.open || office.full);

  return (
    // A screen tall until the call (which lays itself out): the footer never jumps as steps load.
    <div className={phase === 'call' ? 'stack' : 'stack citizen-page'}>
      <div className="stack stack--small">
        <p className="kern-body">
          <Link className="kern-link" to={`/${tenantSlug}`}>
            {tenant.data ? t('citizen.backTo', { authority: tenant.data.name }) : t('citizen.backToOverview')}
          </Link>
        </p>
        <h1 className="kern-heading-large">{officeName || t('common.loading')}</h1>
        {stepNumber[phase] ? (
          <p className="kern-body kern-body--muted">
            {t('citizen.step', { step: stepNumber[phase], total: appointment ? 2 : 3 })}
          </p>
        ) : null}
      </div>
      <FormAlert message={problem} />
      {phase === 'loading' || (!token && !tenant.data) ? (
        <p className="kern-body">{t('common.loading')}</p>
      ) : closedNow && phase === 'devices' ? (
        <section className="stack" aria-labelledby="closed-heading">
          <h2 id="closed-heading" ref={headingRef} tabIndex={-1} className="kern-heading-medium">
            {office.full ? t('citizen.office.full') : t('citizen.office.closed')}
          </h2>
          <p className="kern-body">{t('citizen.enter.comeBack')}</p>
        </section>
      ) : phase === 'devices' ? (
        <DeviceCheck
          initial={prefs}
          headingRef={headingRef}
          onContinue={(opened, chosen) => {
            setPrefs(chosen);
            saveDevicePrefs(chosen);
            setStream(opened);
            if (appointment) setDevicesPending(false);
            // A transition: should the form's chunk still be on its way, the device check stays until
            // it is there (no loading text in between), and the form's heading then takes focus.
            else startTransition(() => setStep('form'));
          }}
        />
      ) : phase === 'form' ? (
        <EnterFormStep
          tenantSlug={tenantSlug}
          officeSlug={officeSlug}
          timeZone={tenant.data?.timeZone ?? 'Europe/Berlin'}
          audioOnly={prefs.audioOnly || !stream?.getVideoTracks().length}
          headingRef={headingRef}
          onBack={() => {
            stopStream(stream);
            setStream(null);
            setStep('devices');
          }}
          onEntered={(visitToken) => {
            saveVisitToken(tenantSlug, visitToken);
            setToken(visitToken);
          }}
        />
      ) : phase === 'waiting' && visit.visit ? (
        <WaitingRoom
          visit={visit.visit}
          connection={visit.connection}
          timeZone={tenant.data?.timeZone}
          headingRef={headingRef}
          leaving={leaving}
          onLeave={() => void leave()}
        />
      ) : phase === 'setAside' && visit.visit ? (
        <SetAsideNotice
          visit={visit.visit}
          headingRef={headingRef}
          leaving={leaving}
          onLeave={() => void leave()}
        />
      ) : phase === 'call' ? (
        <Suspense fallback={<p className="kern-body">{t('common.loading')}</p>}>
          <CitizenCall
            visit={visit}
            consultationId={consultationId}
            token={token}
            stream={stream}
            officeName={officeName}
            speakerId={prefs.speakerId}
            onHangUp={() => void leave()}
            onDeviceChosen={(kind, deviceId) => {
              const key =
                kind === 'camera' ? 'cameraId' : kind === 'microphone' ? 'microphoneId' : 'speakerId';
              const next = { ...prefs, [key]: deviceId };
              setPrefs(next);
              saveDevicePrefs(next);
            }}
          />
        </Suspense>
      ) : (
        <section className="stack" aria-labelledby="ended-heading">
          <h2 id="ended-heading" ref={headingRef} tabIndex={-1} className="kern-heading-medium">
            {t(`citizen.ended.${endedKey}`)}
          </h2>
          <p className="kern-body">{t(`citizen.ended.${endedKey}Text`)}</p>
          {consultationId && token && phase !== 'invalid' && phase !== 'takenOver' ? (
            <RatingForm key={consultationId} consultationId={consultationId} visitToken={token} />
          ) : null}
          {phase === 'takenOver' && appointment?.onTakeBack ? (
            <div className="button-row">
              <Button variant="secondary" onClick={appointment.onTakeBack}>
                {t('citizen.ended.takeBack')}
              </Button>
            </div>
          ) : null}
          {appointment ? null : (
            <div className="button-row">
              <Button variant="secondary" onClick={startOver}>
                {t('citizen.ended.again')}
              </Button>
            </div>
          )}
        </section>
      )}
    </div>
  );
}
