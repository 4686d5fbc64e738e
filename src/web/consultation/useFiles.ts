import { useCallback, useMemo, useState } from 'react';
import type { ConsultationFile, ConsultationFileList } from '../../shared/consultations';
import { type ConsultationAuth, consultationsApi } from '../api/consultations';
import { saveBlob } from '../api/transfer';
import { type FeedClient, useLiveFeed } from './useLiveFeed';

/** What the file list needs of the tab's realtime client. */
export type FilesClient = FeedClient;

export interface FilesState {
  files: ConsultationFile[];
  loaded: boolean;
  /** The server's size limit, once the list has come (null before). */
  maxBytes: number | null;
  /** Sends one file; reports the share sent (0–1); throws the ApiProblem when the server refuses. */
  upload(file: File, onProgress: (share: number) => void): Promise<ConsultationFile>;
  /** Fetches one file and hands it to the browser's downloads; throws the ApiProblem on failure. */
  download(file: ConsultationFile): Promise<void>;
}

/** Adds or replaces files by id, oldest first. */
function merge(list: ConsultationFile[], incoming: ConsultationFile[]): ConsultationFile[] {
  const byId = new Map(list.map((f) => [f.id, f]));
  for (const file of incoming) byId.set(file.id, file);
  return [...byId.values()].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  );
}

/**
 * One consultation's shared files: the list on mount (and again after a reconnect), files the others
 * share live from `file.shared`, uploading and downloading.
 */
export function useFiles(
  consultationId: string,
  auth: ConsultationAuth,
  client: FilesClient | null,
): FilesState {
  const { visitToken, guestToken } = auth;
  const api = useMemo(() => consultationsApi({ visitToken, guestToken }), [visitToken, guestToken]);
  const [files, setFiles] = useState<ConsultationFile[]>([]);
  const [maxBytes, setMaxBytes] = useState<number | null>(null);
  const loaded = useLiveFeed(
    client,
    useCallback(() => api.files(consultationId), [api, consultationId]),
    useCallback((list: ConsultationFileList) => {
      setFiles((current) => merge(current, list.files));
      setMaxBytes(list.maxBytes);
    }, []),
    // Files shared while the socket was down arrive with the list.
    useCallback(
      (live: FeedClient) => [
        live.on('file.shared', (event) => {
          if (event.consultationId === consultationId) setFiles((current) => merge(current, [event.file]));
        }),
      ],
      [consultationId],
    ),
  );

  const upload = useCallback(
    async (file: File, onProgress: (share: number) => void) => {
      const stored = await api.upload(consultationId, file, ({ loaded: sent, total }) =>
        onProgress(total > 0 ? sent / total : 0),
      );
      setFiles((current) => merge(current, [stored]));
      return stored;
    },
    [api, consultationId],
  );

  const download = useCallback(
    async (file: ConsultationFile) => saveBlob(await api.download(consultationId, file.id), file.name),
    [api, consultationId],
  );

  return { files, loaded, maxBytes, upload, download };
}
