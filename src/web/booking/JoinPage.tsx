import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { RESERVED_SEGMENTS } from '../../shared/reserved';
import { bookingApi } from '../api/booking';
import { citizenApi } from '../api/citizen';
import { ApiProblem } from '../api/client';
import { formatTime } from '../citizen/format';
import { OfficeFlow } from '../citizen/OfficeEntry';
import { loadVisitToken, saveVisitToken } from '../citizen/visitToken';
import { Button } from '../components/Button';
import { FormAlert } from '../components/FormAlert';
import { useLoad } from '../hooks/useLoad';
import { usePageTitle } from '../hooks/usePageTitle';
import { problemMessage } from '../lib/problemMessage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { LinkInvalid } from './LinkInvalid';
import { useLinkToken } from './linkToken';
import { formatDay, zonedDateTime } from './time';

type JoinState =
  | { kind: 'joining' }
  | { kind: 'early'; opensAt: string }
  | { kind: 'over' }
  | { kind: 'used' }
  | { kind: 'invalid' }
  | { kind: 'failed'; message: string }
  | { kind: 'joined'; visitToken: string; officeSlug: string; checkDevices: boolean };

/** /:tenantSlug/einladung#<token>: the same, for a consultation a case system opened (POST /api/v1/consultations). */
export function InvitationJoinPage() {
  return <JoinPage link="invitation" />;
}

/**
 * /:tenantSlug/termin/beitreten#<join token>: at the appointment time the link puts the citizen in
 * the office's queue; then the same device check, waiting room and call as a walk-in.
 */
export function JoinPage({ link = 'join' }: { link?: JoinLink }) {
  const { tenantSlug = '' } = useParams();
  if ((RESERVED_SEGMENTS as readonly string[]).includes(tenantSlug)) return <NotFoundPage />;
  return <Join key={tenantSlug} tenantSlug={tenantSlug} link={link} />;
}

/**
 * 'join': an appointment's join link; 'invitation': /:tenantSlug/einladung#<token>, a case system's
 * invitation to a video consultation (no appointment). Both end in the same queue.
 */
type JoinLink = 'join' | 'invitation';
const redeem = { join: bookingApi.join, invitation: bookingApi.joinInvitation };

function Join({ tenantSlug, link }: { tenantSlug: string; link: JoinLink }) {
  const { t } = useTranslation();
  const { token, fresh } = useLinkToken(link, tenantSlug);
  const [state, setState] = useState<JoinState>(() => {
    // A reload of a visit under way resumes it without asking the link again.
    const visitToken = fresh ? null : loadVisitToken(tenantSlug);
    return visitToken
      ? { kind: 'joined', visitToken, officeSlug: '', checkDevices: false }
      : token
        ? { kind: 'joining' }
        : { kind: 'invalid' };
  });

  const join = useCallback(async () => {
    if (!token) return;
    setState({ kind: 'joining' });
    try {
      const joined = await redeem[link](token);
      saveVisitToken(tenantSlug, joined.visitToken);
      setState({
        kind: 'joined',
        visitToken: joined.visitToken,
        officeSlug: joined.officeSlug,
        checkDevices: true,
      });
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 409) {
        const { reason, opensAt } = error.extensions;
        if (reason === 'too-early' && typeof opensAt === 'string')
          return setState({ kind: 'early', opensAt });
        if (reason === 'over') return setState({ kind: 'over' });
      }
      if (error instanceof ApiProblem && error.status === 410) return setState({ kind: 'used' });
      if (error instanceof ApiProblem && (error.status === 404 || error.status === 401))
        return setState({ kind: 'invalid' });
      setState({ kind: 'failed', message: problemMessage(error, t) });
    }
  }, [token, tenantSlug, t, link]);

  const started = useRef(false);
  useEffect(() => {
    if (started.current || state.kind !== 'joining') return;
    started.current = true;
    void join();
  }, [join, state.kind]);

  if (state.kind === 'invalid') return <LinkInvalid tenantSlug={tenantSlug} />;
  if (state.kind === 'joined') {
    return (
      <OfficeFlow
        // A visit taken back from another device starts afresh with its new token.
        key={state.visitToken}
        tenantSlug={tenantSlug}
        officeSlug={state.officeSlug}
        appointment={{
          visitToken: state.visitToken,
          checkDevices: state.checkDevices,
          ...(token ? { onTakeBack: () => void join() } : {}),
        }}
      />
    );
  }
  return <JoinNotYet tenantSlug={tenantSlug} state={state} onRetry={() => void join()} />;
}

function JoinNotYet({
  tenantSlug,
  state,
  onRetry,
}: {
  tenantSlug: string;
  state: Exclude<JoinState, { kind: 'invalid' | 'joined' }>;
  onRetry(): void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'de';
  const title =
    state.kind === 'early'
      ? t('booking.join.earlyTitle')
      : state.kind === 'over'
        ? t('booking.join.overTitle')
        : state.kind === 'used'
          ? t('booking.join.usedTitle')
          : state.kind === 'failed'
            ? t('booking.join.failedTitle')
            : t('booking.join.joining');
  usePageTitle(title);
  const loadTenant = useCallback(() => citizenApi.tenant(tenantSlug), [tenantSlug]);
  // The opening time is told in the authority's time zone.
  const timeZone = useLoad(loadTenant).data?.timeZone ?? 'Europe/Berlin';
  return (
    <div className="stack">
      <h1 className="kern-heading-large">{title}</h1>
      {state.kind === 'early' ? (
        <>
          <p className="kern-body kern-body--large" role="status">
            {t('booking.join.early', {
              time: formatTime(state.opensAt, timeZone, language),
              day: formatDay(zonedDateTime(state.opensAt, timeZone).date, language),
            })}
          </p>
          <p className="kern-body">{t('booking.join.earlyHint')}</p>
        </>
      ) : state.kind === 'over' ? (
        <p className="kern-body kern-body--large">{t('booking.join.over')}</p>
      ) : state.kind === 'used' ? (
        <p className="kern-body kern-body--large">{t('booking.join.used')}</p>
      ) : state.kind === 'failed' ? (
        <FormAlert message={state.message} />
      ) : (
        <p className="kern-body">{t('common.loading')}</p>
      )}
      {state.kind === 'early' || state.kind === 'failed' ? (
        <div className="button-row">
          <Button onClick={onRetry}>{t('booking.join.retry')}</Button>
        </div>
      ) : null}
    </div>
  );
}
