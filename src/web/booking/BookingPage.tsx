import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { BookableService, BookingConfirmation, FirmBooking } from '../../shared/booking';
import { RESERVED_SEGMENTS } from '../../shared/reserved';
import { bookingApi } from '../api/booking';
import { citizenApi } from '../api/citizen';
import { ApiProblem } from '../api/client';
import { Button } from '../components/Button';
import { FormAlert } from '../components/FormAlert';
import { useLoad } from '../hooks/useLoad';
import { usePageTitle } from '../hooks/usePageTitle';
import { problemMessage } from '../lib/problemMessage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { ActivationPending } from './ActivationPending';
import { AppointmentFacts, DocumentList } from './AppointmentFacts';
import { ServicePicker } from './ServicePicker';
import { type Slot, SlotPicker } from './SlotPicker';
import { formatDateTime } from './time';

/**
 * The details form brings form validation (zod) and the proof of work: fetched while the citizen
 * picks a time, not with the page.
 */
const loadBookingForm = () => import('./CitizenBookingForm');
const CitizenBookingForm = lazy(() => loadBookingForm().then((m) => ({ default: m.CitizenBookingForm })));
/** The confirmation's links (copy, calendar file) come with the confirmation, fetched while the form is filled in. */
const loadAppointmentLinks = () => import('./AppointmentLinks');
const AppointmentLinks = lazy(() => loadAppointmentLinks().then((m) => ({ default: m.AppointmentLinks })));

type Step = 'service' | 'slot' | 'form' | 'done';
const STEP_NUMBER: Partial<Record<Step, number>> = { service: 1, slot: 2, form: 3 };

/** /:tenantSlug/termine: service → free time → details → confirmation. */
export function BookingPage() {
  const { tenantSlug = '' } = useParams();
  if ((RESERVED_SEGMENTS as readonly string[]).includes(tenantSlug)) return <NotFoundPage />;
  return (
    <div className="citizen-page">
      <Booking key={tenantSlug} tenantSlug={tenantSlug} />
    </div>
  );
}

function Booking({ tenantSlug }: { tenantSlug: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage === 'en' ? 'en' : 'de';
  const loadServices = useCallback(() => bookingApi.services(tenantSlug), [tenantSlug]);
  const loadTenant = useCallback(() => citizenApi.tenant(tenantSlug), [tenantSlug]);
  const catalogue = useLoad(loadServices);
  const tenant = useLoad(loadTenant);
  const [step, setStep] = useState<Step>('service');
  const [service, setService] = useState<BookableService | null>(null);
  const [slot, setSlot] = useState<Slot | null>(null);
  const [taken, setTaken] = useState(false);
  const [pickerKey, setPickerKey] = useState(0);
  const [confirmation, setConfirmation] = useState<BookingConfirmation | null>(null);
  // Where the activation link went, for the page that waits for it.
  const [email, setEmail] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef(step);

  useEffect(() => {
    if (step === 'slot') void loadBookingForm();
    if (step === 'form') void loadAppointmentLinks();
  }, [step]);

  // Each new step's heading takes focus, as a new page would.
  useEffect(() => {
    if (shownStep.current === step) return;
    shownStep.current = step;
    headingRef.current?.focus();
  }, [step]);

  const title =
    confirmation?.status === 'pending_activation' ? t('booking.held.title') : t(`booking.phase.${step}`);
  usePageTitle(tenant.data ? `${title} – ${tenant.data.name}` : title);

  if (catalogue.error instanceof ApiProblem && catalogue.error.status === 404) return <NotFoundPage />;
  const timeZone = catalogue.data?.timeZone ?? 'Europe/Berlin';

  const heading = (text: string) => (
    <h2 id="booking-step-heading" ref={headingRef} tabIndex={-1} className="kern-heading-medium">
      {text}
    </h2>
  );

  function explain(error: unknown): string | undefined {
    if (error instanceof ApiProblem && error.status === 404) return t('booking.form.gone');
    return undefined;
  }

  return (
    <div className="stack">
      <div className="stack stack--small">
        <p className="kern-body">
          <Link className="kern-link" to={`/${tenantSlug}`}>
            {tenant.data ? t('citizen.backTo', { authority: tenant.data.name }) : t('citizen.backToOverview')}
          </Link>
        </p>
        <h1 className="kern-heading-large">{t('booking.title')}</h1>
        {STEP_NUMBER[step] ? (
          <p className="kern-body kern-body--muted">
            {t('citizen.step', { step: STEP_NUMBER[step], total: 3 })}
          </p>
        ) : null}
      </div>
      {!catalogue.data ? (
        catalogue.error ? (
          <FormAlert message={problemMessage(catalogue.error, t)} />
        ) : (
          <p className="kern-body">{t('common.loading')}</p>
        )
      ) : step === 'service' ? (
        <section className="stack" aria-labelledby="booking-step-heading">
          <h2 id="booking-step-heading" ref={headingRef} tabIndex={-1} className="kern-heading-medium">
            {t('booking.services.title')}
          </h2>
          <p className="kern-body">{t('booking.services.intro')}</p>
          <ServicePicker
            services={catalogue.data.services}
            onPick={(picked) => {
              setService(picked);
              setTaken(false);
              setStep('slot');
            }}
          />
        </section>
      ) : step === 'slot' && service ? (
        <section className="stack" aria-labelledby="booking-step-heading">
          {heading(t('booking.slots.title', { service: service.name }))}
          {taken ? (
            <div role="alert">
              <div className="kern-alert kern-alert--warning">
                <div className="kern-alert__header">
                  <span className="kern-icon kern-icon--warning" aria-hidden="true" />
                  <span className="kern-title">{t('booking.slots.takenTitle')}</span>
                </div>
                <div className="kern-alert__body">
                  <p className="kern-body">{t('booking.slots.taken')}</p>
                </div>
              </div>
            </div>
          ) : null}
          <p className="kern-body">{t('booking.slots.intro', { minutes: service.durationMinutes })}</p>
          <SlotPicker
            key={pickerKey}
            id="booking-slots"
            tenantSlug={tenantSlug}
            serviceId={service.id}
            timeZone={timeZone}
            onPick={(picked) => {
              setSlot(picked);
              setStep('form');
            }}
          />
          <div className="button-row">
            <Button variant="secondary" onClick={() => setStep('service')}>
              {t('booking.slots.otherService')}
            </Button>
          </div>
        </section>
      ) : step === 'form' && service && slot ? (
        <section className="stack" aria-labelledby="booking-step-heading">
          {heading(t('booking.form.title'))}
          <p className="kern-body kern-body--large">
            {t('booking.form.chosen', {
              service: service.name,
              when: formatDateTime(slot.start, timeZone, language),
            })}
          </p>
          <Suspense fallback={<p className="kern-body">{t('common.loading')}</p>}>
            <CitizenBookingForm
              id="booking"
              tenantSlug={tenantSlug}
              service={service}
              submitLabel={t('booking.form.submit')}
              explain={explain}
              onSubmit={async (details, headers) => {
                try {
                  const booked = await bookingApi.book(
                    tenantSlug,
                    service.id,
                    { ...details, start: slot.start, consent: true, language },
                    headers,
                  );
                  setConfirmation(booked);
                  setEmail(details.email);
                  setStep('done');
                } catch (error) {
                  // Someone else was quicker: back to the times, which are fetched afresh. (A 409 naming a
                  // field, such as too many open appointments of the address, stays on the form.)
                  if (error instanceof ApiProblem && error.status === 409 && error.errors.length === 0) {
                    setTaken(true);
                    setPickerKey((k) => k + 1);
                    setStep('slot');
                    return;
                  }
                  throw error;
                }
              }}
              secondary={
                <Button variant="secondary" onClick={() => setStep('slot')}>
                  {t('booking.form.otherTime')}
                </Button>
              }
            />
          </Suspense>
        </section>
      ) : step === 'done' && service && confirmation?.status === 'pending_activation' ? (
        <ActivationPending
          booking={confirmation}
          email={email}
          tenantSlug={tenantSlug}
          timeZone={timeZone}
          heading={heading}
        />
      ) : step === 'done' && service && confirmation?.status === 'booked' ? (
        <Confirmation confirmation={confirmation} service={service} timeZone={timeZone} heading={heading} />
      ) : null}
    </div>
  );
}

function Confirmation({
  confirmation,
  service,
  timeZone,
  heading,
}: {
  confirmation: FirmBooking;
  service: BookableService;
  timeZone: string;
  heading(text: string): React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section className="stack" aria-labelledby="booking-step-heading">
      {heading(t('booking.done.title'))}
      <div className="kern-alert kern-alert--success">
        <div className="kern-alert__header">
          <span className="kern-icon kern-icon--success" aria-hidden="true" />
          <span className="kern-title">{t('booking.done.mail')}</span>
        </div>
      </div>
      <AppointmentFacts
        start={confirmation.start}
        end={confirmation.end}
        timeZone={timeZone}
        serviceName={confirmation.serviceName}
        office={confirmation.office}
        kind={confirmation.kind}
      />
      <DocumentList documents={service.requiredDocuments} />
      <Suspense fallback={<p className="kern-body">{t('common.loading')}</p>}>
        <AppointmentLinks
          kind={confirmation.kind}
          joinUrl={confirmation.joinUrl}
          manageUrl={confirmation.manageUrl}
          manageToken={new URL(confirmation.manageUrl).hash.slice(1)}
        />
      </Suspense>
    </section>
  );
}
