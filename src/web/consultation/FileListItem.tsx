import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsultationFile } from '../../shared/consultations';
import { Button } from '../components/Button';
import { FieldError } from '../components/FieldError';
import { problemMessage } from '../lib/problemMessage';
import { formatSize, typeLabel } from './fileFacts';

interface FileListItemProps {
  idPrefix: string;
  file: ConsultationFile;
  /** Who shared it, as shown: "Sie" for one's own. */
  from: string;
  download(file: ConsultationFile): Promise<void>;
}

/** One shared file: its name, type, size, who shared it and when, and its download button. */
export function FileListItem({ idPrefix, file, from, download }: FileListItemProps) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const errorId = `${idPrefix}-file-${file.id}-error`;
  const time = new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit' }).format(
    new Date(file.createdAt),
  );

  async function save() {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await download(file);
    } catch (problem) {
      setError(problemMessage(problem, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="files__item">
      <div className="files__facts">
        <p className="files__name kern-body kern-body--bold" dir="auto">
          {file.name}
        </p>
        <p className="files__meta kern-body kern-body--small">
          <span className="kern-body--bold">{from}</span> · <time dateTime={file.createdAt}>{time}</time> ·{' '}
          {typeLabel(file.mime)} · {formatSize(file.size, i18n.language)}
        </p>
        <div role="alert">
          <FieldError id={errorId} message={error} />
        </div>
      </div>
      <Button
        variant="secondary"
        small
        aria-label={t('files.downloadNamed', { name: file.name })}
        aria-describedby={error ? errorId : undefined}
        aria-disabled={busy ? true : undefined}
        onClick={() => void save()}
      >
        {t('files.download')}
      </Button>
    </li>
  );
}
