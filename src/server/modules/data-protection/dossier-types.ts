import type { ProtocolForm } from '../../../shared/consultations';

/**
 * Everything stored about one citizen (Art. 15), as the access package's JSON states it. Staff appear by
 * role only: the citizen is told what was recorded about them, not who of the staff recorded it.
 */
export interface Dossier {
  format: 'amtsraum.access/1';
  generatedAt: string;
  authority: { name: string; timeZone: string; retentionDays: number; protocolRetentionDays: number };
  appointments: DossierAppointment[];
  visits: DossierVisit[];
  invitations: DossierInvitation[];
  outboxMessages: DossierMessage[];
}

export interface DossierAppointment {
  id: string;
  service: string;
  office: string;
  kind: string;
  status: string;
  startsAt: string;
  endsAt: string;
  bookedAt: string;
  cancelledAt: string | null;
  arrivedAt: string | null;
  name: string;
  email: string;
  phone: string | null;
  language: string;
  intake: Record<string, string | boolean>;
  caseReference: string | null;
  bookedByStaff: boolean;
  visitId: string | null;
}

export interface DossierVisit {
  id: string;
  office: string;
  kind: string;
  status: string;
  arrivedAt: string;
  endedAt: string | null;
  name: string;
  concern: string;
  transferNote: string | null;
  clerkNote: string | null;
  priorityReason: string | null;
  leftReason: string | null;
  waitedSeconds: number;
  consultations: DossierConsultation[];
}

export interface DossierInvitation {
  id: string;
  office: string;
  name: string;
  caseReference: string | null;
  createdAt: string;
  expiresAt: string;
  visitId: string | null;
}

export interface DossierMessage {
  id: string;
  createdAt: string;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string;
  body: string;
  /** The attachments' file names (the calendar file of a booking, for example). */
  attachments: string[];
}

export interface DossierConsultation {
  id: string;
  startedAt: string;
  endedAt: string | null;
  endReason: string | null;
  outcome: string | null;
  notes: string;
  messages: { at: string; role: string; label?: string; text: string }[];
  files: DossierFile[];
  form: ProtocolForm | null;
  protocols: { version: number; issuedAt: string; sha256: string; path: string; record: unknown }[];
}

export interface DossierFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  sharedAt: string;
  sharedBy: string;
  /** Where the decrypted file lies in the package; null when its bytes are missing on disk. */
  path: string | null;
}

/** The bytes the package carries beside the JSON, by their path in it. */
export type Attachments = Map<string, Uint8Array>;
