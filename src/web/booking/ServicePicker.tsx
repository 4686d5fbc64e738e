import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookableService } from '../../shared/booking';
import { Button } from '../components/Button';
import { TextField } from '../components/TextField';

/** Case- and accent-insensitive: "fuhrerschein" finds "Führerschein". */
const fold = (text: string) =>
  text.toLocaleLowerCase('de').normalize('NFKD').replace(/\p{M}/gu, '').replaceAll('ß', 'ss');

function matches(service: BookableService, query: string) {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const text = fold(`${service.name} ${service.description} ${service.unit.name}`);
  return words.every((word) => text.includes(word));
}

/** Search and the services grouped by unit; each offers "Termin wählen". */
export function ServicePicker({
  services,
  onPick,
}: {
  services: BookableService[];
  onPick(service: BookableService): void;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const found = services.filter((s) => matches(s, query));
  const units = new Map<string, { name: string; services: BookableService[] }>();
  for (const service of found) {
    const unit = units.get(service.unit.id) ?? { name: service.unit.name, services: [] };
    unit.services.push(service);
    units.set(service.unit.id, unit);
  }

  return (
    <div className="stack">
      <search className="service-search">
        <TextField
          id="service-search"
          label={t('booking.services.search')}
          hint={t('booking.services.searchHint')}
          optional
          type="search"
          value={query}
          onChange={setQuery}
        />
      </search>
      <p role="status" className="kern-body">
        {query ? t('booking.services.found', { count: found.length }) : ''}
      </p>
      {services.length === 0 ? <p className="kern-body">{t('booking.services.none')}</p> : null}
      {[...units].map(([unitId, unit]) => (
        <section key={unitId} className="stack stack--small" aria-labelledby={`unit-${unitId}`}>
          <h2 id={`unit-${unitId}`} className="kern-heading-medium">
            {unit.name}
          </h2>
          <ul className="service-cards">
            {unit.services.map((service) => (
              <li key={service.id}>
                <ServiceCard service={service} onPick={() => onPick(service)} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function ServiceCard({ service, onPick }: { service: BookableService; onPick(): void }) {
  const { t } = useTranslation();
  const headingId = `service-${service.id}`;
  return (
    <article className="kern-card service-card" aria-labelledby={headingId}>
      <div className="kern-card__container">
        <div className="kern-card__header">
          <h3 id={headingId} className="kern-heading-small">
            {service.name}
          </h3>
        </div>
        <div className="kern-card__body stack stack--small">
          {service.description ? <p className="kern-body">{service.description}</p> : null}
          <dl className="office-card__facts">
            <div>
              <dt>{t('booking.services.duration')}</dt>
              <dd>{t('services.minutes', { count: service.durationMinutes })}</dd>
            </div>
            <div>
              <dt>{t('booking.services.channel')}</dt>
              <dd>{t(`channels.${service.channel}`)}</dd>
            </div>
          </dl>
        </div>
        <div className="kern-card__footer">
          {/* Every card has this button: its name says which service, for a screen reader's list. */}
          <Button onClick={onPick} aria-label={t('booking.services.chooseNamed', { service: service.name })}>
            {t('booking.services.choose')}
          </Button>
        </div>
      </div>
    </article>
  );
}
