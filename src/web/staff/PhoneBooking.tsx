import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookableServices } from '../../shared/booking';
import { calendarApi } from '../api/booking';
import { BookingForm } from '../booking/BookingForm';
import { type Slot, SlotPicker } from '../booking/SlotPicker';
import { formatDateTime } from '../booking/time';
import { Button } from '../components/Button';
import { SelectField } from '../components/SelectField';

/** "Termin für Bürger:in buchen": e.g. during a phone call; the citizen gets the same mail with links. */
export function PhoneBooking({
  tenantSlug,
  catalogue,
  onBooked,
}: {
  tenantSlug: string;
  catalogue: BookableServices;
  onBooked(message: string, start: string): void;
}) {
  const { t, i18n } = useTranslation();
  const uiLanguage = i18n.resolvedLanguage ?? 'de';
  const [serviceId, setServiceId] = useState('');
  const [slot, setSlot] = useState<Slot | null>(null);
  const [language, setLanguage] = useState<'de' | 'en'>('de');
  const [round, setRound] = useState(0);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const service = catalogue.services.find((s) => s.id === serviceId);
  const { timeZone } = catalogue;

  useEffect(() => {
    if (slot) stepHeading.current?.focus();
  }, [slot]);

  return (
    <section className="stack section-card" aria-labelledby="phone-booking-heading">
      <h2 id="phone-booking-heading" className="kern-heading-medium">
        {t('calendar.book.title')}
      </h2>
      <p className="kern-body">{t('calendar.book.intro')}</p>
      <SelectField
        key={round}
        id="phone-booking-service"
        label={t('calendar.book.service')}
        value={serviceId}
        options={[
          { value: '', label: t('booking.form.choose') },
          ...catalogue.services.map((s) => ({ value: s.id, label: `${s.name} (${s.unit.name})` })),
        ]}
        onChange={(value) => {
          setServiceId(value);
          setSlot(null);
        }}
      />
      {service && !slot ? (
        <SlotPicker
          key={`${service.id}-${round}`}
          id="phone-booking-slots"
          tenantSlug={tenantSlug}
          serviceId={service.id}
          timeZone={timeZone}
          onPick={setSlot}
        />
      ) : null}
      {service && slot ? (
        <div className="stack">
          <h3 ref={stepHeading} tabIndex={-1} className="kern-heading-small">
            {t('booking.form.chosen', {
              service: service.name,
              when: formatDateTime(slot.start, timeZone, uiLanguage),
            })}
          </h3>
          <BookingForm
            key={`${service.id}-${slot.start}`}
            id="phone-booking"
            service={service}
            askConsent={false}
            submitLabel={t('calendar.book.submit')}
            onSubmit={async (details) => {
              await calendarApi.book({ ...details, serviceId: service.id, start: slot.start, language });
              onBooked(
                t('calendar.book.done', {
                  name: details.name,
                  when: formatDateTime(slot.start, timeZone, uiLanguage),
                }),
                slot.start,
              );
              setSlot(null);
              setServiceId('');
              setRound((r) => r + 1);
            }}
            secondary={
              <Button variant="secondary" onClick={() => setSlot(null)}>
                {t('booking.form.otherTime')}
              </Button>
            }
          >
            <SelectField
              id="phone-booking-language"
              label={t('calendar.book.language')}
              hint={t('calendar.book.languageHint')}
              value={language}
              options={[
                { value: 'de', label: t('language.de') },
                { value: 'en', label: t('language.en') },
              ]}
              onChange={(value) => setLanguage(value === 'en' ? 'en' : 'de')}
            />
          </BookingForm>
        </div>
      ) : null}
    </section>
  );
}
