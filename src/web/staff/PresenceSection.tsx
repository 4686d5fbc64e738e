import { useTranslation } from 'react-i18next';
import { CheckboxField } from '../components/CheckboxField';

interface PresenceSectionProps {
  offices: { id: string; name: string }[];
  selected: ReadonlySet<string>;
  available: boolean;
  /** Tells the server (shown at once, put back if it refuses). */
  setPresence(available: boolean, selected: Set<string>): void;
  /** While away, ticking offices only changes what is shown. */
  setSelected(selected: Set<string>): void;
  heading?: 'h2' | 'h3';
}

/** Which offices the agent serves and whether they are available to be called. */
export function PresenceSection(props: PresenceSectionProps) {
  const { offices, selected, available, setPresence, setSelected, heading: Heading = 'h2' } = props;
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
                    if (available) setPresence(next.size > 0, next);
                    else setSelected(next);
                  }}
                />
              ))}
            </div>
          </fieldset>
          <fieldset className="kern-fieldset">
            <legend className="kern-label">{t('staff.presence.status')}</legend>
            <div className="kern-fieldset__body kern-fieldset__body--horizontal">
              {(['available', 'away'] as const).map((value) => (
                <div className="kern-form-check" key={value}>
                  <input
                    id={`presence-${value}`}
                    type="radio"
                    name="presence"
                    className="kern-form-check__radio"
                    checked={available === (value === 'available')}
                    disabled={value === 'available' && selected.size === 0}
                    onChange={() => setPresence(value === 'available', new Set(selected))}
                  />
                  <label className="kern-label" htmlFor={`presence-${value}`}>
                    {t(`staff.presence.${value}`)}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </>
      )}
    </section>
  );
}
