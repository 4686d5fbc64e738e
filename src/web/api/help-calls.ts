import type { HelpAnswerResult } from '../../shared/help-calls';
import { api } from './client';

const helpOf = (consultationId: string) => `/consultations/${encodeURIComponent(consultationId)}/help`;

/** Calls for help from a consultation: the clerk asks or takes it back, a colleague answers. */
export const helpCallsApi = {
  ask: (consultationId: string) => api<{ id: string }>('POST', helpOf(consultationId)),
  withdraw: (consultationId: string) => api<void>('DELETE', helpOf(consultationId)),
  answer: (helpCallId: string, silent: boolean) =>
    api<HelpAnswerResult>('POST', `/staff/help-calls/${encodeURIComponent(helpCallId)}/answer`, { silent }),
};
