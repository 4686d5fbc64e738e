import { useTranslation } from 'react-i18next';
import { changeLanguage, LANGUAGES } from '../i18n';

/** Deutsch / English buttons; each names its language in that language. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <fieldset className="language-switch">
      <legend className="kern-sr-only">{t('language.legend')}</legend>
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          className="kern-btn kern-btn--tertiary kern-btn--x-small"
          aria-pressed={i18n.resolvedLanguage === language}
          onClick={() => void changeLanguage(language)}
        >
          <span className="kern-label">{t(`language.${language}`)}</span>
        </button>
      ))}
    </fieldset>
  );
}
