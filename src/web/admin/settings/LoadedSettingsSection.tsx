import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../../components/FormAlert';
import { useLoad } from '../../hooks/useLoad';
import { problemMessage } from '../../lib/problemMessage';

interface LoadedSettingsSectionProps<T> {
  /** Prefix of the heading's id. */
  id: string;
  title: string;
  intro: string;
  load(): Promise<T>;
  /** The form, once its settings are loaded. */
  children(data: T): ReactNode;
}

/** A part of the settings page with settings of its own: heading, introduction, then its loaded form. */
export function LoadedSettingsSection<T>({
  id,
  title,
  intro,
  load,
  children,
}: LoadedSettingsSectionProps<T>) {
  const { t } = useTranslation();
  const loaded = useLoad(load);
  return (
    <section className="stack" aria-labelledby={`${id}-heading`}>
      <div className="stack stack--small">
        <h2 id={`${id}-heading`} className="kern-heading-medium">
          {title}
        </h2>
        <p className="kern-body">{intro}</p>
      </div>
      <FormAlert message={loaded.error ? problemMessage(loaded.error, t) : null} />
      {loaded.data ? children(loaded.data) : <p className="kern-body">{t('common.loading')}</p>}
    </section>
  );
}
