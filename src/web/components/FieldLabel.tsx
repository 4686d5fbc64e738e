import { useTranslation } from 'react-i18next';

/** A KERN label; optional fields say so in words, not by colour or an asterisk alone. */
export function FieldLabel({
  htmlFor,
  label,
  optional,
}: {
  htmlFor: string;
  label: string;
  optional?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <label className="kern-label" htmlFor={htmlFor}>
      {label}
      {optional ? <span className="kern-label__optional"> – {t('form.optional')}</span> : null}
    </label>
  );
}
