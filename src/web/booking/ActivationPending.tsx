import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { HeldBooking } from '../../shared/booking';
import { formatTime } from '../citizen/format';
import { Alert } from '../components/Alert';
import { AppointmentFacts } from './AppointmentFacts';
import { formatCountdown, holdMilestone, useSecondsLeft } from './holdCountdown';

/**
 * After an internet booking that waits for activation: how long the slot is held, where the link went,
 * and what to do when no mail comes. The countdown is plain text; a separate polite status region speaks
 * only at the start, at five and one minute left and at the end.
 */
export function ActivationPending({
  booking,
  email,
  tenantSlug,
  timeZone,
  heading,
}: {
  booking: HeldBooking;
  email: string;
  tenantSlug: string;
  timeZone: string;
  heading(text: string): ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'de';
  const secondsLeft = useSecondsLeft(booking.activation.secondsLeft);
  const milestone = holdMilestone(secondsLeft);
  const [announcement, setAnnouncement] = useState('');
  const deadline = formatTime(booking.activation.activateBy, timeZone, language);

  // Set after the first render, so the empty region exists before it speaks; then once per milestone.
  // biome-ignore lint/correctness/useExhaustiveDependencies: speaks when the milestone changes, not every second
  useEffect(() => {
    setAnnouncement(t(`booking.held.announce.${milestone}`, { minutes: Math.ceil(secondsLeft / 60), email }));
  }, [milestone, t, email]);

  const expired = milestone === 'expired';
  return (
    <section className="stack" aria-labelledby="booking-step-heading">
      {heading(t('booking.held.title'))}
      <div role="status" className="kern-sr-only">
        {announcement}
      </div>
      {expired ? (
        <Alert tone="warning" title={t('booking.held.expiredTitle')} bodyClassName="stack stack--small">
          <p className="kern-body">{t('booking.held.expired')}</p>
          <p className="kern-body">
            <Link className="kern-link" to={`/${tenantSlug}/termine`} reloadDocument>
              {t('booking.held.bookAgain')}
            </Link>
          </p>
        </Alert>
      ) : (
        <Alert tone="info" title={t('booking.held.mailSent')}>
          <p className="kern-body kern-body--large" id="activation-countdown">
            {t('booking.held.countdown', { time: formatCountdown(secondsLeft), email })}
          </p>
          <p className="kern-body">{t('booking.held.deadline', { time: deadline })}</p>
        </Alert>
      )}
      <AppointmentFacts
        start={booking.start}
        end={booking.end}
        timeZone={timeZone}
        serviceName={booking.serviceName}
        office={booking.office}
        kind={booking.kind}
      />
      {expired ? null : (
        <section className="stack stack--small" aria-labelledby="no-mail-heading">
          <h3 id="no-mail-heading" className="kern-heading-small">
            {t('booking.held.noMailTitle')}
          </h3>
          <ul className="bullet-list">
            <li>{t('booking.held.noMailWait')}</li>
            <li>{t('booking.held.noMailSpam')}</li>
            <li>{t('booking.held.noMailAddress', { email })}</li>
          </ul>
        </section>
      )}
    </section>
  );
}
