import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParticipantId } from '../../shared/realtime';
import type { ConsultationAuth } from '../api/consultations';
import { useReportArrivals } from '../callui/panelContext';
import { type ParticipantNames, useParticipantName } from '../callui/useParticipantName';
import { FileListItem } from './FileListItem';
import { FileUploadForm } from './FileUploadForm';
import { type FilesClient, useFiles } from './useFiles';

interface FilesPanelProps {
  idPrefix: string;
  consultationId: string;
  /** Who this panel is: their own files show as shared by "Sie". */
  self: ParticipantId;
  auth: ConsultationAuth;
  client: FilesClient | null;
  /** How the others are named beside their files (guests by their label). */
  names: ParticipantNames;
}

/**
 * The files of a consultation: the list (updated live when someone else shares one), a download per
 * file and the upload form. What happens is said in a polite status region, so it is heard too.
 */
export function FilesPanel({ idPrefix, consultationId, self, auth, client, names }: FilesPanelProps) {
  const { t } = useTranslation();
  const files = useFiles(consultationId, auth, client);
  const nameOf = useParticipantName(names);
  const [announcement, setAnnouncement] = useState('');
  const headingId = `${idPrefix}-files-heading`;
  useReportArrivals(
    files.loaded,
    files.files.filter((f) => f.uploader !== self).map((f) => f.id),
  );

  // Files the others share after the list first came are announced by name.
  const known = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!files.loaded) return;
    const seen = known.current;
    known.current = new Set(files.files.map((f) => f.id));
    if (!seen) return;
    const fresh = files.files.filter((f) => !seen.has(f.id) && f.uploader !== self);
    const last = fresh.at(-1);
    if (last)
      setAnnouncement(
        t('files.peerShared', { who: nameOf(last.uploader, last.uploaderLabel), name: last.name }),
      );
  }, [files.files, files.loaded, self, nameOf, t]);

  return (
    <section className="files stack stack--small" aria-labelledby={headingId}>
      <h3 id={headingId} className="kern-heading-small">
        {t('files.title')}
      </h3>
      {files.files.length === 0 ? (
        <p className="kern-body kern-body--muted">{files.loaded ? t('files.empty') : t('common.loading')}</p>
      ) : (
        <ul className="files__list" aria-labelledby={headingId}>
          {files.files.map((file) => (
            <FileListItem
              key={file.id}
              idPrefix={idPrefix}
              file={file}
              from={file.uploader === self ? t('files.you') : nameOf(file.uploader, file.uploaderLabel)}
              download={files.download}
            />
          ))}
        </ul>
      )}
      <p role="status" className="files__status kern-body kern-body--small">
        {announcement}
      </p>
      <FileUploadForm
        idPrefix={idPrefix}
        maxBytes={files.maxBytes}
        upload={files.upload}
        onAnnounce={setAnnouncement}
      />
    </section>
  );
}
