import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import type { RecoveryCodes, SecondFactorCode, TotpEnrolment } from '../../shared/auth';
import type { StaffSignInOptions } from '../../shared/identity-provider';
import { api } from './client';

/** The login page's steps after the password, and an authority's ways of signing in. */
export const signInApi = {
  secondFactor: (input: SecondFactorCode) => api<void>('POST', '/auth/login/second-factor', input),
  startTotp: () => api<TotpEnrolment>('POST', '/auth/second-factor/totp', {}),
  confirmTotp: (input: SecondFactorCode) =>
    api<RecoveryCodes>('POST', '/auth/second-factor/totp/confirm', input),
  passkeyOptions: () => api<PublicKeyCredentialRequestOptionsJSON>('POST', '/auth/login/passkey/options', {}),
  passkey: (answer: { response: AuthenticationResponseJSON }) =>
    api<void>('POST', '/auth/login/passkey', answer),
  newPasskeyOptions: () =>
    api<PublicKeyCredentialCreationOptionsJSON>('POST', '/auth/second-factor/passkey/options', {}),
  registerPasskey: (answer: { response: RegistrationResponseJSON }) =>
    api<RecoveryCodes>('POST', '/auth/second-factor/passkey', answer),
  options: (tenantSlug: string) =>
    api<StaffSignInOptions>('GET', `/public/tenants/${encodeURIComponent(tenantSlug)}/staff-sign-in`),
};
