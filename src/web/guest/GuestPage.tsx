import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { GuestSelf } from '../../shared/guests';
import { RESERVED_SEGMENTS } from '../../shared/reserved';
import { ApiProblem } from '../api/client';
import { guestApi } from '../api/guests';
import { forgetLinkToken, useLinkToken } from '../booking/linkToken';
import { setMicrophoneMuted } from '../call/media';
import { CallPanel } from '../callui/CallPanel';
import { type DevicePrefs, loadDevicePrefs, saveDevicePrefs } from '../callui/devices';
import { useStreamLifecycle } from '../callui/useStreamLifecycle';
import { DeviceCheck } from '../citizen/DeviceCheck';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { FormAlert } from '../components/FormAlert';
import { consultationTabs } from '../consultation/consultationTabs';
import { usePageTitle } from '../hooks/usePageTitle';
import { problemMessage } from '../lib/problemMessage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { guestToken } from './guestToken';
import { type GuestEnd, useGuestSession } from './useGuestSession';

/** Why there is no call (any more): the link was refused, or the call is over for this guest. */
type Closed = 'used' | 'over' | 'withdrawn' | GuestEnd;

type Phase =
  | { kind: 'joining' }
  | { kind: 'failed'; message: string }
  | { kind: 'closed'; why: Closed }
  | { kind: 'devices' | 'call'; token: string; self: GuestSelf };

/**
 * /:tenantSlug/gast#<token>: a guest (interpreter, colleague) redeems the one-time link, checks the
 * devices and joins the call, with the chat, the shared form and the files as the others have them.
 * A reload returns to the call with the session token the link gave.
 */
export function GuestPage() {
  const { tenantSlug = '' } = useParams();
  if ((RESERVED_SEGMENTS as readonly string[]).includes(tenantSlug)) return <NotFoundPage />;
  return <GuestFlow key={tenantSlug} tenantSlug={tenantSlug} />;
}

function GuestFlow({ tenantSlug }: { tenantSlug: string }) {
  const { t } = useTranslation();
  const { token: linkToken, fresh } = useLinkToken('guest', tenantSlug);
  const [phase, setPhase] = useState<Phase>({ kind: 'joining' });
  const [prefs, setPrefs] = useState<DevicePrefs>(loadDevicePrefs);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const token = phase.kind === 'call' ? phase.token : null;
  const guest = useGuestSession(token, stream);
  const closed: Closed | null = phase.kind === 'closed' ? phase.why : guest.end;

  // A fresh link is redeemed; a reload (no fragment) goes back with the session token it gave.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const stored = fresh ? null : guestToken.load(tenantSlug);
    const resume = async (session: string) => {
      const self = await guestApi.me(session);
      if (self.status === 'live') setPhase({ kind: 'call', token: session, self });
      else setPhase({ kind: 'closed', why: self.status });
    };
    const redeem = async (link: string) => {
      const { guestToken: session, ...self } = await guestApi.join(link);
      guestToken.save(tenantSlug, session);
      setPhase({ kind: 'devices', token: session, self });
    };
    if (!stored && !linkToken) return setPhase({ kind: 'closed', why: 'invalid' });
    (stored ? resume(stored) : redeem(linkToken!)).catch((error: unknown) => {
      const reason = error instanceof ApiProblem ? error.extensions.reason : undefined;
      if (reason === 'used' || reason === 'over' || reason === 'withdrawn')
        setPhase({ kind: 'closed', why: reason });
      else if (error instanceof ApiProblem && (error.status === 404 || error.status === 401))
        setPhase({ kind: 'closed', why: 'invalid' });
      else setPhase({ kind: 'failed', message: problemMessage(error, t) });
    });
  }, [fresh, linkToken, tenantSlug, t]);

  useStreamLifecycle(stream, setStream, {
    active: phase.kind === 'call' && !closed,
    finished: closed !== null,
    onFinished: () => {
      forgetLinkToken('guest', tenantSlug);
      guestToken.forget(tenantSlug);
    },
  });

  // A new step's heading takes focus, as a new page would (the call view focuses its own).
  const step = closed ? 'closed' : phase.kind;
  useEffect(() => {
    if (step !== 'call') headingRef.current?.focus();
  }, [step]);

  const office = phase.kind === 'devices' || phase.kind === 'call' ? phase.self.office.name : '';
  usePageTitle(closed ? t(`guests.end.${closed}.title`) : office || t('guests.page.title'));

  async function leave(session: string) {
    try {
      await guestApi.leave(session);
      setPhase({ kind: 'closed', why: 'left' });
    } catch (error) {
      setProblem(problemMessage(error, t));
    }
  }

  return (
    <div className="stack">
      <div className="stack stack--small">
        <h1 className="kern-heading-large">{office || t('guests.page.title')}</h1>
        {office && !closed ? <p className="kern-body">{t('guests.page.intro')}</p> : null}
      </div>
      <FormAlert message={problem} />
      {closed ? (
        <section className="stack" aria-labelledby="guest-end-heading">
          <h2 id="guest-end-heading" ref={headingRef} tabIndex={-1} className="kern-heading-medium">
            {t(`guests.end.${closed}.title`)}
          </h2>
          <p className="kern-body">{t(`guests.end.${closed}.text`)}</p>
        </section>
      ) : phase.kind === 'failed' ? (
        <FormAlert message={phase.message} />
      ) : phase.kind === 'devices' ? (
        <DeviceCheck
          initial={prefs}
          headingRef={headingRef}
          onContinue={(opened, chosen) => {
            setPrefs(chosen);
            saveDevicePrefs(chosen);
            // A colleague who answered a call for help with "Still zuhören" comes in muted.
            if (opened && phase.self.joinsMuted) setMicrophoneMuted(opened, true);
            setStream(opened);
            setPhase({ ...phase, kind: 'call' });
          }}
        />
      ) : phase.kind === 'call' ? (
        <CallPanel
          idPrefix="guest-call"
          session={guest.session}
          localStream={stream}
          heading={t('guests.page.callTitle', { office })}
          hangUpLabel={t('guests.page.hangUp')}
          onHangUp={() => void leave(phase.token)}
          notices={
            <ConnectionBanner
              connection={guest.connection}
              reconnecting={t('guests.page.reconnecting')}
              offlineDetail={t('common.connectionLostCall')}
              withRetry
            />
          }
          tabs={consultationTabs(
            {
              idPrefix: 'guest-call',
              consultationId: phase.self.consultationId,
              self: `guest:${phase.self.guestId}`,
              auth: { guestToken: phase.token },
              client: guest.client,
              names: {},
            },
            t,
          )}
          speakerId={prefs.speakerId}
          onDeviceChosen={(kind, deviceId) => {
            const key = kind === 'camera' ? 'cameraId' : kind === 'microphone' ? 'microphoneId' : 'speakerId';
            const next = { ...prefs, [key]: deviceId };
            setPrefs(next);
            saveDevicePrefs(next);
          }}
        />
      ) : (
        <p className="kern-body" role="status">
          {t('guests.page.joining')}
        </p>
      )}
    </div>
  );
}
