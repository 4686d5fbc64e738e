import { newToken } from '../../security/tokens';

/**
 * A guest's session token carries a kind mark that no citizen's visit token can have ('.' is not in the
 * base64url alphabet of newToken), so one look at a bearer token tells which kind it is: it is looked up
 * among guests or among visits, never both, and a token of one kind is never taken for the other.
 */
const GUEST_PREFIX = 'guest.';

export const newGuestSessionToken = () => `${GUEST_PREFIX}${newToken()}`;

export const isGuestSessionToken = (token: string) => token.startsWith(GUEST_PREFIX);

/** The token of an `Authorization: Bearer <token>` header, if the request has a well-formed one. */
export const bearerToken = (authorization: string | undefined) =>
  authorization?.match(/^Bearer (\S{1,200})$/)?.[1];
