import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Me } from '../../shared/auth';
import type { BookableService, StaffAppointment } from '../../shared/booking';
import { bookingApi, calendarApi } from '../api/booking';
import { type Slot, SlotPicker } from '../booking/SlotPicker';
import { addDays, dayKey, formatDateTime, formatDay } from '../booking/time';
import { formatTime } from '../citizen/format';
import { Button } from '../components/Button';
import { DataTable } from '../components/DataTable';
import { FormAlert } from '../components/FormAlert';
import { PageHeader } from '../components/PageHeader';
import { StatusMessage } from '../components/StatusMessage';
import { TextAreaField } from '../components/TextAreaField';
import { TextField } from '../components/TextField';
import { useLoad } from '../hooks/useLoad';
import { problemMessage } from '../lib/problemMessage';
import { CalendarRowActions } from './CalendarRowActions';
import { PhoneBooking } from './PhoneBooking';
import { StaffOnly } from './StaffOnly';

/** /staff/termine: the day's appointments at my offices, their changes, and booking for a caller. */
export function StaffAppointmentsPage() {
  return <StaffOnly>{(me) => <Calendar me={me} />}</StaffOnly>;
}

type Action =
  | { kind: 'cancel'; appointment: StaffAppointment }
  | { kind: 'move'; appointment: StaffAppointment; slot: Slot | null };

function Calendar({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'de';
  const loadServices = useCallback(() => bookingApi.services(me.tenant.slug), [me.tenant.slug]);
  const catalogue = useLoad(loadServices);
  const timeZone = catalogue.data?.timeZone ?? 'Europe/Berlin';
  const [params, setParams] = useSearchParams();
  const requested = params.get('date');
  const date =
    requested && /^\d{4}-\d{2}-\d{2}$/.test(requested)
      ? requested
      : dayKey(new Date().toISOString(), timeZone);
  const loadDay = useCallback(() => calendarApi.day(date), [date]);
  const day = useLoad(loadDay);
  const [action, setAction] = useState<Action | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const actionHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (action) actionHeading.current?.focus();
  }, [action]);

  const goTo = (next: string) => {
    setAction(null);
    setParams({ date: next });
  };

  async function run(work: () => Promise<void>, done: string) {
    setBusy(true);
    setProblem(null);
    setStatus(null);
    try {
      await work();
      setAction(null);
      setStatus(done);
      await day.reload();
    } catch (error) {
      setProblem(problemMessage(error, t));
    } finally {
      setBusy(false);
    }
  }

  const serviceOf = (appointment: StaffAppointment): BookableService | undefined =>
    catalogue.data?.services.find((s) => s.id === appointment.serviceId);
  const when = (a: StaffAppointment) =>
    `${formatTime(a.start, timeZone, language)}–${formatTime(a.end, timeZone, language)}`;

  return (
    <div className="stack">
      <PageHeader title={t('calendar.title')} intro={t('calendar.intro')} />
      <StatusMessage message={status} />
      <FormAlert message={problem ?? (day.error ? problemMessage(day.error, t) : null)} />

      <section className="stack" aria-labelledby="calendar-day-heading">
        <h2 id="calendar-day-heading" className="kern-heading-medium">
          {formatDay(date, language)}
        </h2>
        <div className="row calendar-nav">
          <Button variant="secondary" onClick={() => goTo(addDays(date, -1))}>
            {t('calendar.previous')}
          </Button>
          <TextField
            id="calendar-date"
            label={t('calendar.date')}
            type="date"
            value={date}
            onChange={(value) => {
              if (/^\d{4}-\d{2}-\d{2}$/.test(value)) goTo(value);
            }}
          />
          <Button variant="secondary" onClick={() => goTo(addDays(date, 1))}>
            {t('calendar.next')}
          </Button>
        </div>
        <p className="kern-body">
          {t('calendar.checkedInHint')} {t('calendar.arrivedHint')}{' '}
          <Link className="kern-link" to="/staff">
            {t('calendar.toWorkspace')}
          </Link>
        </p>
        {day.data === undefined ? (
          day.error ? null : (
            <p className="kern-body">{t('common.loading')}</p>
          )
        ) : day.data.length === 0 ? (
          <p className="kern-body">{t('calendar.empty')}</p>
        ) : (
          <DataTable
            caption={t('calendar.caption', { day: formatDay(date, language) })}
            rows={day.data}
            rowKey={(a) => a.id}
            columns={[
              { header: t('calendar.time'), cell: when },
              { header: t('calendar.citizen'), cell: (a) => a.citizenName },
              { header: t('calendar.service'), cell: (a) => a.serviceName },
              {
                header: t('booking.words.kindLabel'),
                cell: (a) => t(a.kind === 'video' ? 'booking.words.video' : 'booking.words.onSite'),
              },
              { header: t('calendar.agent'), cell: (a) => a.agentName },
              {
                header: t('calendar.status'),
                cell: (a) => (
                  <>
                    {t(`booking.statusShort.${a.status}`)}
                    {a.checkedIn || a.arrivedAt ? (
                      <span className="kern-badge kern-badge--success queue__badge">
                        <span className="kern-icon kern-icon--success" aria-hidden="true" />
                        <span className="kern-label">
                          {a.arrivedAt
                            ? t('calendar.arrivedAt', { time: formatTime(a.arrivedAt, timeZone, language) })
                            : t('calendar.checkedIn')}
                        </span>
                      </span>
                    ) : null}
                  </>
                ),
              },
              {
                header: t('common.actions'),
                cell: (a) => (
                  <CalendarRowActions
                    appointment={a}
                    time={when(a)}
                    busy={busy}
                    canMove={Boolean(serviceOf(a))}
                    onMove={() => setAction({ kind: 'move', appointment: a, slot: null })}
                    onCancel={() => setAction({ kind: 'cancel', appointment: a })}
                    onArrived={() =>
                      void run(
                        () => calendarApi.arrived(a.id),
                        t('calendar.arrivedDone', { name: a.citizenName }),
                      )
                    }
                    onNoShow={() =>
                      void run(
                        () => calendarApi.noShow(a.id),
                        t('calendar.noShowDone', { name: a.citizenName }),
                      )
                    }
                  />
                ),
              },
            ]}
          />
        )}
      </section>

      {action ? (
        <ActionPanel
          key={`${action.kind}-${action.appointment.id}`}
          action={action}
          headingRef={actionHeading}
          busy={busy}
          tenantSlug={me.tenant.slug}
          timeZone={timeZone}
          service={serviceOf(action.appointment)}
          onClose={() => setAction(null)}
          onPickSlot={(slot) => setAction({ ...action, kind: 'move', slot } as Action)}
          onCancel={(message) =>
            void run(
              () => calendarApi.cancel(action.appointment.id, message),
              t('calendar.cancelDone', { name: action.appointment.citizenName }),
            )
          }
          onMove={(slot, message) =>
            void run(
              () => calendarApi.move(action.appointment.id, slot.start, message),
              t('calendar.moveDone', {
                name: action.appointment.citizenName,
                when: formatDateTime(slot.start, timeZone, language),
              }),
            )
          }
        />
      ) : null}

      {catalogue.data ? (
        <PhoneBooking
          tenantSlug={me.tenant.slug}
          catalogue={catalogue.data}
          onBooked={(message, start) => {
            setStatus(message);
            setProblem(null);
            if (dayKey(start, timeZone) === date) void day.reload();
          }}
        />
      ) : null}
    </div>
  );
}

function ActionPanel({
  action,
  headingRef,
  busy,
  tenantSlug,
  timeZone,
  service,
  onClose,
  onPickSlot,
  onCancel,
  onMove,
}: {
  action: Action;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  busy: boolean;
  tenantSlug: string;
  timeZone: string;
  service: BookableService | undefined;
  onClose(): void;
  onPickSlot(slot: Slot | null): void;
  onCancel(message: string): void;
  onMove(slot: Slot, message: string): void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'de';
  const [message, setMessage] = useState('');
  const { appointment } = action;
  const name = appointment.citizenName;
  const at = formatDateTime(appointment.start, timeZone, language);
  const title =
    action.kind === 'cancel'
      ? t('calendar.cancelTitle', { name, when: at })
      : t('calendar.moveTitle', { name, when: at });
  const messageField = (
    <TextAreaField
      id="calendar-message"
      label={t('calendar.message')}
      hint={t('calendar.messageHint')}
      optional
      rows={3}
      value={message}
      onChange={setMessage}
    />
  );
  return (
    <section className="stack section-card" aria-labelledby="calendar-action-heading">
      <h2 id="calendar-action-heading" ref={headingRef} tabIndex={-1} className="kern-heading-medium">
        {title}
      </h2>
      {action.kind === 'cancel' ? (
        <>
          {messageField}
          <div className="button-row">
            <Button disabled={busy} onClick={() => onCancel(message)}>
              {t('calendar.cancelConfirm')}
            </Button>
            <Button variant="secondary" onClick={onClose}>
              {t('common.cancel')}
            </Button>
          </div>
        </>
      ) : action.slot === null ? (
        <>
          {service ? (
            <SlotPicker
              id="calendar-move-slots"
              tenantSlug={tenantSlug}
              serviceId={service.id}
              timeZone={timeZone}
              onPick={onPickSlot}
            />
          ) : null}
          <div className="button-row">
            <Button variant="secondary" onClick={onClose}>
              {t('common.cancel')}
            </Button>
          </div>
        </>
      ) : (
        <>
          <p className="kern-body kern-body--large">
            {t('calendar.moveTo', { when: formatDateTime(action.slot.start, timeZone, language) })}
          </p>
          {messageField}
          <div className="button-row">
            <Button disabled={busy} onClick={() => action.slot && onMove(action.slot, message)}>
              {t('calendar.moveConfirm')}
            </Button>
            <Button variant="secondary" onClick={() => onPickSlot(null)}>
              {t('booking.form.otherTime')}
            </Button>
            <Button variant="tertiary" onClick={onClose}>
              {t('common.cancel')}
            </Button>
          </div>
        </>
      )}
    </section>
  );
}
