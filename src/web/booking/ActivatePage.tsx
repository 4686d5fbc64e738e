import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ActivationResult } from '../../shared/booking';
import { RESERVED_SEGMENTS } from '../../shared/reserved';
import { bookingApi } from '../api/booking';
import { ApiProblem } from '../api/client';
import { FormAlert } from '../components/FormAlert';
import { usePageTitle } from '../hooks/usePageTitle';
import { problemMessage } from '../lib/problemMessage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { AppointmentFacts, DocumentList } from './AppointmentFacts';
import { AppointmentLinks } from './AppointmentLinks';
import { LinkInvalid } from './LinkInvalid';
import { useLinkToken } from './linkToken';

type ActivationState =
  | { kind: 'activating' }
  | { kind: 'activated'; appointment: ActivationResult }
  | { kind: 'gone'; reason: 'expired' | 'cancelled' }
  | { kind: 'invalid' }
  | { kind: 'failed'; message: string };

/** /:tenantSlug/termin/aktivieren#<activation token>: the link of the activation mail makes a booking firm. */
export function ActivatePage() {
  const { tenantSlug = '' } = useParams();
  if ((RESERVED_SEGMENTS as readonly string[]).includes(tenantSlug)) return <NotFoundPage />;
  return <Activate key={tenantSlug} tenantSlug={tenantSlug} />;
}

function Activate({ tenantSlug }: { tenantSlug: string }) {
  const { t } = useTranslation();
  const { token } = useLinkToken('activate', tenantSlug);
  const [state, setState] = useState<ActivationState>(token ? { kind: 'activating' } : { kind: 'invalid' });
  const started = useRef(false);

  useEffect(() => {
    // Once per page: React's development double effects must not send the link twice.
    if (!token || started.current) return;
    started.current = true;
    bookingApi.activate(token).then(
      (appointment) => setState({ kind: 'activated', appointment }),
      (error: unknown) => {
        if (error instanceof ApiProblem && error.status === 410)
          return setState({
            kind: 'gone',
            reason: error.extensions.reason === 'cancelled' ? 'cancelled' : 'expired',
          });
        if (error instanceof ApiProblem && (error.status === 404 || error.status === 401))
          return setState({ kind: 'invalid' });
        setState({ kind: 'failed', message: problemMessage(error, t) });
      },
    );
  }, [token, t]);

  if (state.kind === 'invalid') return <LinkInvalid tenantSlug={tenantSlug} />;
  if (state.kind === 'activated') return <Activated appointment={state.appointment} />;
  return <NotActivated tenantSlug={tenantSlug} state={state} />;
}

function Activated({ appointment }: { appointment: ActivationResult }) {
  const { t } = useTranslation();
  usePageTitle(t('booking.activate.doneTitle'));
  return (
    <div className="stack">
      <h1 className="kern-heading-large">{t('booking.activate.doneTitle')}</h1>
      <div className="kern-alert kern-alert--success">
        <div className="kern-alert__header">
          <span className="kern-icon kern-icon--success" aria-hidden="true" />
          <span className="kern-title">
            {appointment.manageUrl ? t('booking.activate.mail') : t('booking.activate.again')}
          </span>
        </div>
      </div>
      <AppointmentFacts
        start={appointment.start}
        end={appointment.end}
        timeZone={appointment.timeZone}
        serviceName={appointment.service.name}
        office={appointment.office}
        kind={appointment.kind}
      />
      <DocumentList documents={appointment.service.requiredDocuments} />
      {appointment.manageUrl ? (
        <AppointmentLinks
          kind={appointment.kind}
          joinUrl={appointment.joinUrl}
          manageUrl={appointment.manageUrl}
          manageToken={new URL(appointment.manageUrl).hash.slice(1)}
        />
      ) : null}
    </div>
  );
}

function NotActivated({
  tenantSlug,
  state,
}: {
  tenantSlug: string;
  state: Extract<ActivationState, { kind: 'activating' | 'gone' | 'failed' }>;
}) {
  const { t } = useTranslation();
  const title =
    state.kind === 'gone'
      ? t(`booking.activate.${state.reason}Title`)
      : state.kind === 'failed'
        ? t('booking.join.failedTitle')
        : t('booking.activate.activating');
  usePageTitle(title);
  return (
    <div className="stack">
      <h1 className="kern-heading-large">{title}</h1>
      {state.kind === 'gone' ? (
        <>
          <p className="kern-body kern-body--large">{t(`booking.activate.${state.reason}`)}</p>
          <p className="kern-body">
            <Link className="kern-link" to={`/${tenantSlug}/termine`}>
              {t('booking.invalid.book')}
            </Link>
          </p>
        </>
      ) : state.kind === 'failed' ? (
        <FormAlert message={state.message} />
      ) : (
        <p className="kern-body">{t('common.loading')}</p>
      )}
    </div>
  );
}
