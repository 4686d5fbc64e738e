import { type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { OpeningHours, type OpeningInterval, WEEKDAYS, type Weekday } from '../../shared/admin';
import type { Me } from '../../shared/auth';
import { OpeningHoursEditor } from '../admin/offices/OpeningHoursEditor';
import { calendarApi, type StaffAvailability } from '../api/booking';
import { citizenApi } from '../api/citizen';
import { formatDateTime, zonedInstant } from '../booking/time';
import { Button } from '../components/Button';
import { DataTable } from '../components/DataTable';
import { FormAlert } from '../components/FormAlert';
import { PageHeader } from '../components/PageHeader';
import { SelectField } from '../components/SelectField';
import { StatusMessage } from '../components/StatusMessage';
import { TextField } from '../components/TextField';
import { useFormSubmit } from '../hooks/useFormSubmit';
import { useLoad } from '../hooks/useLoad';
import { problemMessage } from '../lib/problemMessage';
import { StaffOnly } from './StaffOnly';

/** /staff/verfuegbarkeit: my weekly hours for appointments, and days off or extra hours. */
export function AvailabilityPage() {
  return <StaffOnly>{(me) => <Availability me={me} />}</StaffOnly>;
}

type Week = Record<Weekday, OpeningInterval[]>;
const toWeek = (hours: OpeningHours | null): Week =>
  Object.fromEntries(WEEKDAYS.map((day) => [day, hours?.[day] ?? []])) as unknown as Week;
const fromWeek = (week: Week) =>
  Object.fromEntries(WEEKDAYS.filter((day) => week[day].length > 0).map((day) => [day, week[day]]));

function Availability({ me }: { me: Me }) {
  const { t } = useTranslation();
  const load = useCallback(() => calendarApi.availability(me.id), [me.id]);
  const availability = useLoad(load);
  const loadTenant = useCallback(() => citizenApi.tenant(me.tenant.slug), [me.tenant.slug]);
  const timeZone = useLoad(loadTenant).data?.timeZone ?? 'Europe/Berlin';
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  const saved = async (message: string) => {
    setProblem(null);
    setStatus(message);
    setVersion((v) => v + 1);
    await availability.reload();
  };

  return (
    <div className="stack">
      <PageHeader title={t('availability.title')} intro={t('availability.intro')} />
      <StatusMessage message={status} />
      <FormAlert message={problem ?? (availability.error ? problemMessage(availability.error, t) : null)} />
      {availability.data ? (
        <>
          <HoursForm
            key={`hours-${version}`}
            staffId={me.id}
            current={availability.data.workingHours}
            onSaved={() => void saved(t('availability.hoursSaved'))}
          />
          <Exceptions
            key={`exceptions-${version}`}
            staffId={me.id}
            timeZone={timeZone}
            exceptions={availability.data.exceptions}
            onChanged={(message) => void saved(message)}
            onProblem={(message) => {
              setStatus(null);
              setProblem(message);
            }}
          />
        </>
      ) : availability.error ? null : (
        <p className="kern-body">{t('common.loading')}</p>
      )}
    </div>
  );
}

const HoursSchema = z.object({ own: z.boolean(), openingHours: OpeningHours });

function HoursForm({
  staffId,
  current,
  onSaved,
}: {
  staffId: string;
  current: OpeningHours | null;
  onSaved(): void;
}) {
  const { t } = useTranslation();
  const form = useFormSubmit();
  const [own, setOwn] = useState(current !== null);
  const [week, setWeek] = useState<Week>(() => toWeek(current));

  async function submit(event: FormEvent) {
    event.preventDefault();
    await form.submit(HoursSchema, { own, openingHours: fromWeek(week) }, async (input) => {
      await calendarApi.setWorkingHours(staffId, input.own ? input.openingHours : null);
      onSaved();
    });
  }

  return (
    <form className="stack" noValidate onSubmit={submit} aria-labelledby="hours-heading">
      <h2 id="hours-heading" className="kern-heading-medium">
        {t('availability.hoursTitle')}
      </h2>
      <FormAlert message={form.problem} />
      <fieldset className="kern-fieldset">
        <legend className="kern-label">{t('availability.which')}</legend>
        <div className="kern-fieldset__body">
          {(['office', 'own'] as const).map((value) => (
            <div className="kern-form-check" key={value}>
              <input
                id={`hours-${value}`}
                type="radio"
                name="hours-kind"
                className="kern-form-check__radio"
                checked={own === (value === 'own')}
                onChange={() => setOwn(value === 'own')}
              />
              <label className="kern-label" htmlFor={`hours-${value}`}>
                {t(`availability.${value}`)}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      {own ? (
        <OpeningHoursEditor
          formId="hours"
          hours={week}
          errors={form.errors}
          onChange={setWeek}
          legend={t('availability.weekLegend')}
          hint={t('availability.weekHint')}
        />
      ) : null}
      <div className="button-row">
        <Button type="submit" disabled={form.busy}>
          {t('availability.saveHours')}
        </Button>
      </div>
    </form>
  );
}

function Exceptions({
  staffId,
  timeZone,
  exceptions,
  onChanged,
  onProblem,
}: {
  staffId: string;
  timeZone: string;
  exceptions: StaffAvailability['exceptions'];
  onChanged(message: string): void;
  onProblem(message: string): void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'de';
  const form = useFormSubmit();
  const [kind, setKind] = useState<'absent' | 'extra'>('absent');
  const [fromDate, setFromDate] = useState('');
  const [fromTime, setFromTime] = useState('08:00');
  const [toDate, setToDate] = useState('');
  const [toTime, setToTime] = useState('18:00');
  const e = form.errors;

  const Draft = z
    .object({
      fromDate: z.iso.date(),
      fromTime: z.iso.time({ precision: -1 }),
      toDate: z.iso.date(),
      toTime: z.iso.time({ precision: -1 }),
    })
    .transform((d) => ({
      from: zonedInstant(d.fromDate, d.fromTime, timeZone),
      to: zonedInstant(d.toDate, d.toTime, timeZone),
    }))
    .refine((d) => Date.parse(d.from) < Date.parse(d.to), {
      message: '"from" must be before "to"',
      path: ['toTime'],
    });

  async function add(event: FormEvent) {
    event.preventDefault();
    await form.submit(Draft, { fromDate, fromTime, toDate: toDate || fromDate, toTime }, async (range) => {
      await calendarApi.addException(staffId, { kind, ...range });
      onChanged(t('availability.added'));
    });
  }

  async function remove(id: string, label: string) {
    try {
      await calendarApi.removeException(staffId, id);
      onChanged(t('common.deleted', { name: label }));
    } catch (error) {
      onProblem(problemMessage(error, t));
    }
  }

  const label = (x: StaffAvailability['exceptions'][number]) =>
    `${t(`availability.kind.${x.kind}`)} ${formatDateTime(x.from, timeZone, language)}`;

  return (
    <section className="stack" aria-labelledby="exceptions-heading">
      <h2 id="exceptions-heading" className="kern-heading-medium">
        {t('availability.exceptionsTitle')}
      </h2>
      <p className="kern-body">{t('availability.exceptionsIntro')}</p>
      {exceptions.length === 0 ? (
        <p className="kern-body">{t('availability.noExceptions')}</p>
      ) : (
        <DataTable
          caption={t('availability.exceptionsTitle')}
          rows={exceptions}
          rowKey={(x) => x.id}
          columns={[
            { header: t('availability.kindLabel'), cell: (x) => t(`availability.kind.${x.kind}`) },
            { header: t('availability.from'), cell: (x) => formatDateTime(x.from, timeZone, language) },
            { header: t('availability.to'), cell: (x) => formatDateTime(x.to, timeZone, language) },
            {
              header: t('common.actions'),
              cell: (x) => (
                <Button
                  variant="tertiary"
                  small
                  onClick={() => void remove(x.id, label(x))}
                  aria-label={t('common.removeNamed', { name: label(x) })}
                >
                  {t('common.remove')}
                </Button>
              ),
            },
          ]}
        />
      )}
      <form className="stack section-card" noValidate onSubmit={add} aria-labelledby="exception-form-heading">
        <h3 id="exception-form-heading" className="kern-heading-small">
          {t('availability.addTitle')}
        </h3>
        <FormAlert message={form.problem} />
        <SelectField
          id="exception-kind"
          label={t('availability.kindLabel')}
          value={kind}
          options={[
            { value: 'absent', label: t('availability.kind.absent') },
            { value: 'extra', label: t('availability.kind.extra') },
          ]}
          onChange={(value) => setKind(value === 'extra' ? 'extra' : 'absent')}
        />
        <div className="form-grid">
          <TextField
            id="exception-fromDate"
            label={t('availability.fromDate')}
            type="date"
            value={fromDate}
            onChange={setFromDate}
            error={e.fromDate}
          />
          <TextField
            id="exception-fromTime"
            label={t('availability.fromTime')}
            type="time"
            value={fromTime}
            onChange={setFromTime}
            error={e.fromTime}
          />
          <TextField
            id="exception-toDate"
            label={t('availability.toDate')}
            hint={t('availability.toDateHint')}
            optional
            type="date"
            value={toDate}
            onChange={setToDate}
            error={e.toDate}
          />
          <TextField
            id="exception-toTime"
            label={t('availability.toTime')}
            type="time"
            value={toTime}
            onChange={setToTime}
            error={e.toTime}
          />
        </div>
        <div className="button-row">
          <Button type="submit" disabled={form.busy}>
            {t('availability.add')}
          </Button>
        </div>
      </form>
    </section>
  );
}
