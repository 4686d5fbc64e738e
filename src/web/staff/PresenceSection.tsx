import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckboxField } from '../components/CheckboxField';

/** What the clerk chooses: serve and be called, serve but pause, or serve no office. */
export type PresenceStatus = 'available' | 'break' | 'away';
// The break comes last: from "away" one arrow key still reaches "available", as before breaks existed.
const STATUSES: PresenceStatus[] = ['available', 'away', 'break'];

interface PresenceSectionProps {
  offices: { id: string; name: string }[];
  selected: ReadonlySet<string>;
  status: PresenceStatus;
  /** Chooses a status; a break asks for its details first (the `children` show the form). */
  onStatus(status: PresenceStatus): void;
  /** Tells the server which offices I serve (shown at once, put back if it refuses). */
  setPresence(available: boolean, selected: Set<string>): void;
  /** While away, ticking offices only changes what is shown. */
  setSelected(selected: Set<string>): void;
  /** A break begins after the call: during one it cannot be chosen. */
  inCall: boolean;
  heading?: 'h2' | 'h3';
  /** Below the status: the break form, or what the clerk's state is now (follow-up work, break). */
  children?: ReactNode;
}

/** Which offices the agent serves and whether they are available to be called, on a break or away. */
export function PresenceSection(props: PresenceSectionProps) {
  const {
    offices,
    selected,
    status,
    onStatus,
    setPresence,
    setSelected,
    inCall,
    heading: Heading = 'h2',
  } = props;
  const { t } = useTranslation();
  return (
    <section className="stack stack--small section-card" aria-labelledby="presence-heading">
      <Heading id="presence-heading" className="kern-heading-medium">
        {t('staff.presence.title')}
      </Heading>
      {offices.length === 0 ? (
        <p className="kern-body">{t('staff.presence.noOffices')}</p>
      ) : (
        <>
          <fieldset className="kern-fieldset">
            <legend className="kern-label">{t('staff.presence.serving')}</legend>
            <div className="kern-fieldset__body">
              {offices.map((office) => (
                <CheckboxField
                  key={office.id}
                  id={`serve-${office.id}`}
                  label={office.name}
                  checked={selected.has(office.id)}
                  onChange={(checked) => {
                    const next = new Set(selected);
                    if (checked) next.add(office.id);
                    else next.delete(office.id);
                    if (status !== 'away') setPresence(next.size > 0, next);
                    else setSelected(next);
                  }}
                />
              ))}
            </div>
          </fieldset>
          <fieldset className="kern-fieldset">
            <legend className="kern-label">{t('staff.presence.status')}</legend>
            <div className="kern-fieldset__body kern-fieldset__body--horizontal">
              {STATUSES.map((value) => (
                <div className="kern-form-check" key={value}>
                  <input
                    id={`presence-${value}`}
                    type="radio"
                    name="presence"
                    className="kern-form-check__radio"
                    checked={status === value}
                    disabled={(value !== 'away' && selected.size === 0) || (value === 'break' && inCall)}
                    aria-describedby={value === 'break' && inCall ? 'presence-break-hint' : undefined}
                    onChange={() => onStatus(value)}
                  />
                  <label className="kern-label" htmlFor={`presence-${value}`}>
                    {t(`staff.presence.${value}`)}
                  </label>
                </div>
              ))}
            </div>
            {inCall ? (
              <p id="presence-break-hint" className="kern-hint">
                {t('staff.presence.breakAfterCall')}
              </p>
            ) : null}
          </fieldset>
          {props.children}
        </>
      )}
    </section>
  );
}
