import type {
  ChatHistory,
  ChatMessage,
  ConsultationFile,
  ConsultationFileList,
  ConsultationRecord,
  ConsultationView,
  ProtocolSummary,
  RatingRequest,
  RecordUpdate,
} from '../../shared/consultations';
import type { SummaryDefaults, SummaryRequest } from '../../shared/summary';
import { api } from './client';
import { fetchBlob, type Progress, uploadBytes } from './transfer';

/**
 * How this side proves who it is: citizens by their visit token, guests by the session token their
 * link gave (each as a bearer token), staff by their session cookie (neither token).
 */
export interface ConsultationAuth {
  visitToken?: string | undefined;
  guestToken?: string | undefined;
}

const options = (auth: ConsultationAuth) => {
  const token = auth.visitToken ?? auth.guestToken;
  return token ? { headers: { authorization: `Bearer ${token}` } } : {};
};

const base = (id: string) => `/consultations/${encodeURIComponent(id)}`;

/** /api/consultations/:id/… — chat, files, notes and outcome, protocol, rating. */
export function consultationsApi(auth: ConsultationAuth) {
  const o = options(auth);
  return {
    view: (id: string) => api<ConsultationView>('GET', base(id), undefined, o),
    chat: (id: string) => api<ChatHistory>('GET', `${base(id)}/chat`, undefined, o),
    send: (id: string, text: string) => api<ChatMessage>('POST', `${base(id)}/chat`, { text }, o),
    markRead: (id: string, upTo: string) =>
      api<{ marked: number }>('POST', `${base(id)}/chat/read`, { upTo }, o),
    record: (id: string) => api<ConsultationRecord>('GET', `${base(id)}/record`, undefined, o),
    saveRecord: (id: string, update: RecordUpdate) =>
      api<ConsultationRecord>('PUT', `${base(id)}/record`, update, o),
    protocol: (id: string, includeChat: boolean) =>
      api<ProtocolSummary>('POST', `${base(id)}/protocol`, { includeChat }, o),
    rate: (id: string, rating: RatingRequest) => api<void>('POST', `${base(id)}/rating`, rating, o),
    summaryDefaults: (id: string) => api<SummaryDefaults>('GET', `${base(id)}/summary`, undefined, o),
    sendSummary: (id: string, summary: SummaryRequest) =>
      api<void>('POST', `${base(id)}/summary`, summary, o),
    files: (id: string) => api<ConsultationFileList>('GET', `${base(id)}/files`, undefined, o),
    /** The bytes as they are, the name percent-encoded in X-File-Name (headers carry no UTF-8). */
    upload: (id: string, file: File, onProgress?: (progress: Progress) => void) =>
      uploadBytes<ConsultationFile>(
        `${base(id)}/files`,
        file,
        { ...o.headers, 'x-file-name': encodeURIComponent(file.name) },
        onProgress,
      ),
    /** Fetched rather than linked: a citizen's or guest's token travels in a header, which a link cannot send. */
    download: (id: string, fileId: string) =>
      fetchBlob(`${base(id)}/files/${encodeURIComponent(fileId)}`, o.headers ?? {}),
  };
}

/** Download addresses of the latest protocol (staff: the session cookie goes along). */
export const protocolUrls = (id: string) => ({
  pdf: `/api${base(id)}/protocol.pdf`,
  json: `/api${base(id)}/protocol.json`,
});
