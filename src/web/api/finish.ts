import type { FinishForm, FinishRequest } from '../../shared/finish';
import type { CallResult } from '../../shared/visits';
import { api } from './client';

const base = (id: string) => `/staff/consultations/${encodeURIComponent(id)}`;

/** The finish form of the clerk's own consultation: what it offers, ending with it, recording it later. */
export const finishApi = {
  form: (id: string) => api<FinishForm>('GET', `${base(id)}/finish`),
  /** Ends the live call and records the form in the same step. */
  end: (id: string, form: FinishRequest) => api<CallResult>('POST', `${base(id)}/end`, form),
  /** Records (or corrects) the form of a call that is over. */
  record: (id: string, form: FinishRequest) => api<FinishForm>('PUT', `${base(id)}/finish`, form),
};
