import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsultationFile } from '../../shared/consultations';
import { Button } from '../components/Button';
import { FieldFrame, fieldControlProps } from '../components/FieldFrame';
import { ACCEPT, allowedTypes, formatSize, uploadProblem } from './fileFacts';

interface FileUploadFormProps {
  idPrefix: string;
  /** The server's size limit; null until known (the server checks it either way). */
  maxBytes: number | null;
  upload(file: File, onProgress: (share: number) => void): Promise<ConsultationFile>;
  /** Tells the panel's status region what happened. */
  onAnnounce(message: string): void;
}

/**
 * Choosing a file and sharing it: what is allowed in the hint, progress while it travels, and the
 * server's refusal (size, type, empty, malware) in words, tied to the field, which then takes focus.
 */
export function FileUploadForm({ idPrefix, maxBytes, upload, onAnnounce }: FileUploadFormProps) {
  const { t, i18n } = useTranslation();
  const inputRef = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<{ name: string; percent: number } | null>(null);
  const [error, setError] = useState<string | undefined>();
  const id = `${idPrefix}-file-input`;
  const progressId = `${idPrefix}-file-progress`;
  const types = allowedTypes(i18n.language);
  const hint =
    maxBytes === null
      ? t('files.hintTypes', { types })
      : t('files.hint', { types, size: formatSize(maxBytes, i18n.language) });

  const refuse = (message: string) => {
    setError(message);
    // The field's description now carries the reason; focus there reads it out.
    inputRef.current?.focus();
  };

  async function share(event: FormEvent) {
    event.preventDefault();
    // The button stays enabled while busy, so focus is not lost; a second press does nothing.
    if (progress) return;
    const file = inputRef.current?.files?.[0];
    if (!file) return refuse(t('files.error.noFile'));
    if (maxBytes !== null && file.size > maxBytes)
      return refuse(t('files.error.tooLarge', { size: formatSize(maxBytes, i18n.language) }));
    setError(undefined);
    setProgress({ name: file.name, percent: 0 });
    onAnnounce(t('files.uploading', { name: file.name }));
    try {
      const stored = await upload(file, (share) =>
        setProgress({ name: file.name, percent: Math.round(share * 100) }),
      );
      if (inputRef.current) inputRef.current.value = '';
      onAnnounce(t('files.shared', { name: stored.name }));
    } catch (problem) {
      onAnnounce('');
      refuse(uploadProblem(problem, t, i18n.language, maxBytes));
    } finally {
      setProgress(null);
    }
  }

  return (
    <form className="files__upload" onSubmit={(event) => void share(event)} aria-busy={progress !== null}>
      <FieldFrame id={id} label={t('files.input')} hint={hint} error={error}>
        <input
          {...fieldControlProps(id, 'input', { hint, error })}
          ref={inputRef}
          type="file"
          accept={ACCEPT}
          onChange={() => setError(undefined)}
        />
      </FieldFrame>
      {progress ? (
        <div className="kern-progress">
          <label className="kern-label" htmlFor={progressId}>
            {t('files.progress', { name: progress.name, percent: progress.percent })}
          </label>
          <progress id={progressId} max={100} value={progress.percent} />
        </div>
      ) : null}
      <div>
        <Button type="submit" variant="secondary" aria-disabled={progress ? true : undefined}>
          {t('files.share')}
        </Button>
      </div>
    </form>
  );
}
