import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ManagedAppointment } from '../../shared/booking';
import { RESERVED_SEGMENTS } from '../../shared/reserved';
import { bookingApi } from '../api/booking';
import { ApiProblem } from '../api/client';
import { Button } from '../components/Button';
import { FormAlert } from '../components/FormAlert';
import { useLoad } from '../hooks/useLoad';
import { usePageTitle } from '../hooks/usePageTitle';
import { problemMessage } from '../lib/problemMessage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { AppointmentFacts, DocumentList } from './AppointmentFacts';
import { AppointmentLinks } from './AppointmentLinks';
import { LinkInvalid } from './LinkInvalid';
import { forgetLinkToken, useLinkToken } from './linkToken';
import { type Slot, SlotPicker } from './SlotPicker';
import { formatDateTime } from './time';

type Mode =
  | { kind: 'view' }
  | { kind: 'cancel' }
  | { kind: 'pick'; taken: boolean }
  | { kind: 'confirmMove'; slot: Slot }
  | { kind: 'moved'; start: string };

/** /:tenantSlug/termin#<manage token>: the appointment, cancel (after asking) and reschedule. */
export function ManagePage() {
  const { tenantSlug = '' } = useParams();
  if ((RESERVED_SEGMENTS as readonly string[]).includes(tenantSlug)) return <NotFoundPage />;
  return (
    <div className="citizen-page">
      <Manage key={tenantSlug} tenantSlug={tenantSlug} />
    </div>
  );
}

function Manage({ tenantSlug }: { tenantSlug: string }) {
  const { token } = useLinkToken('manage', tenantSlug);
  const load = useCallback(
    () =>
      token ? bookingApi.appointment(token) : Promise.reject(new ApiProblem(404, 'Not Found', undefined)),
    [token],
  );
  const appointment = useLoad(load);
  const { t } = useTranslation();

  const invalid =
    !token || (appointment.error instanceof ApiProblem && [401, 404].includes(appointment.error.status));
  if (invalid) return <LinkInvalid tenantSlug={tenantSlug} />;
  if (!appointment.data) {
    return appointment.error ? (
      <FormAlert message={problemMessage(appointment.error, t)} />
    ) : (
      <p className="kern-body">{t('common.loading')}</p>
    );
  }
  return (
    <ManageAppointment
      tenantSlug={tenantSlug}
      token={token}
      appointment={appointment.data}
      reload={appointment.reload}
    />
  );
}

function ManageAppointment({
  tenantSlug,
  token,
  appointment,
  reload,
}: {
  tenantSlug: string;
  token: string;
  appointment: ManagedAppointment;
  reload(): Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'de';
  const [mode, setMode] = useState<Mode>({ kind: 'view' });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const shown = useRef(mode.kind);
  usePageTitle(t('booking.manage.title'));

  // Each step's heading takes focus, as a new page would.
  useEffect(() => {
    if (shown.current === mode.kind) return;
    shown.current = mode.kind;
    headingRef.current?.focus();
  }, [mode.kind]);

  const { timeZone } = appointment;
  const heading = (text: string) => (
    <h2 id="manage-step-heading" ref={headingRef} tabIndex={-1} className="kern-heading-medium">
      {text}
    </h2>
  );

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setProblem(null);
    try {
      await action();
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 409 && mode.kind === 'confirmMove') {
        setMode({ kind: 'pick', taken: true });
      } else {
        setProblem(problemMessage(error, t));
      }
    } finally {
      setBusy(false);
    }
  }

  const cancel = () =>
    run(async () => {
      await bookingApi.cancel(token);
      setStatus(t('booking.manage.cancelled'));
      setMode({ kind: 'view' });
      await reload();
    });

  const move = (slot: Slot) =>
    run(async () => {
      await bookingApi.reschedule(token, slot.start);
      // The old link (and this tab's copy of it) stops working; the new one comes by mail.
      forgetLinkToken('manage', tenantSlug);
      setMode({ kind: 'moved', start: slot.start });
    });

  if (mode.kind === 'moved') {
    return (
      <div className="stack">
        <h1 className="kern-heading-large">{t('booking.manage.title')}</h1>
        <section className="stack" aria-labelledby="manage-step-heading">
          {heading(t('booking.manage.movedTitle'))}
          <div className="kern-alert kern-alert--success">
            <div className="kern-alert__header">
              <span className="kern-icon kern-icon--success" aria-hidden="true" />
              <span className="kern-title">{t('booking.manage.moved')}</span>
            </div>
            <div className="kern-alert__body">
              <p className="kern-body">
                {t('booking.manage.newTime', { when: formatDateTime(mode.start, timeZone, language) })}
              </p>
            </div>
          </div>
        </section>
      </div>
    );
  }

  const booked = appointment.status === 'booked';
  return (
    <div className="stack">
      <div className="stack stack--small">
        <p className="kern-body">
          <Link className="kern-link" to={`/${tenantSlug}`}>
            {t('citizen.backToOverview')}
          </Link>
        </p>
        <h1 className="kern-heading-large">{t('booking.manage.title')}</h1>
      </div>
      <div role="status">
        {status ? (
          <div className="kern-alert kern-alert--success">
            <div className="kern-alert__header">
              <span className="kern-icon kern-icon--success" aria-hidden="true" />
              <span className="kern-title">{status}</span>
            </div>
          </div>
        ) : null}
      </div>
      <FormAlert message={problem} />
      {booked ? null : (
        <p className="office-card__state kern-body kern-body--bold">
          <span className="kern-icon kern-icon--warning" aria-hidden="true" />
          <span>{t(`booking.status.${appointment.status}`)}</span>
        </p>
      )}
      <AppointmentFacts
        start={appointment.start}
        end={appointment.end}
        timeZone={timeZone}
        serviceName={appointment.service.name}
        office={appointment.office}
        kind={appointment.kind}
      />
      {booked ? <DocumentList documents={appointment.service.requiredDocuments} level={2} /> : null}
      {booked ? (
        <AppointmentLinks kind={appointment.kind} joinUrl={appointment.joinUrl} manageToken={token} />
      ) : null}

      {mode.kind === 'view' && appointment.changeable ? (
        <div className="button-row">
          <Button onClick={() => setMode({ kind: 'pick', taken: false })}>{t('booking.manage.move')}</Button>
          <Button variant="secondary" onClick={() => setMode({ kind: 'cancel' })}>
            {t('booking.manage.cancel')}
          </Button>
        </div>
      ) : null}
      {mode.kind === 'view' && booked && !appointment.changeable ? (
        <p className="kern-body">{t('booking.manage.notChangeable')}</p>
      ) : null}

      {mode.kind === 'cancel' ? (
        <section className="stack section-card" aria-labelledby="manage-step-heading">
          {heading(t('booking.manage.cancelTitle'))}
          <p className="kern-body">{t('booking.manage.cancelText')}</p>
          <div className="button-row">
            <Button disabled={busy} onClick={() => void cancel()}>
              {t('booking.manage.cancelConfirm')}
            </Button>
            <Button variant="secondary" onClick={() => setMode({ kind: 'view' })}>
              {t('booking.manage.keep')}
            </Button>
          </div>
        </section>
      ) : null}

      {mode.kind === 'pick' ? (
        <section className="stack section-card" aria-labelledby="manage-step-heading">
          {heading(t('booking.manage.pickTitle'))}
          {mode.taken ? (
            <div role="alert">
              <div className="kern-alert kern-alert--warning">
                <div className="kern-alert__header">
                  <span className="kern-icon kern-icon--warning" aria-hidden="true" />
                  <span className="kern-title">{t('booking.slots.taken')}</span>
                </div>
              </div>
            </div>
          ) : null}
          <SlotPicker
            id="manage-slots"
            tenantSlug={tenantSlug}
            serviceId={appointment.service.id}
            timeZone={timeZone}
            onPick={(slot) => setMode({ kind: 'confirmMove', slot })}
          />
          <div className="button-row">
            <Button variant="secondary" onClick={() => setMode({ kind: 'view' })}>
              {t('booking.manage.keep')}
            </Button>
          </div>
        </section>
      ) : null}

      {mode.kind === 'confirmMove' ? (
        <section className="stack section-card" aria-labelledby="manage-step-heading">
          {heading(t('booking.manage.confirmMoveTitle'))}
          <p className="kern-body kern-body--large">
            {t('booking.manage.confirmMove', {
              from: formatDateTime(appointment.start, timeZone, language),
              to: formatDateTime(mode.slot.start, timeZone, language),
            })}
          </p>
          <p className="kern-body">{t('booking.manage.newLinkHint')}</p>
          <div className="button-row">
            <Button disabled={busy} onClick={() => void move(mode.slot)}>
              {t('booking.manage.moveConfirm')}
            </Button>
            <Button variant="secondary" onClick={() => setMode({ kind: 'pick', taken: false })}>
              {t('booking.form.otherTime')}
            </Button>
          </div>
        </section>
      ) : null}
    </div>
  );
}
