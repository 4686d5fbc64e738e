/**
 * A guest's session token (what redeeming the one-time link gave this tab) lives in the tab's
 * sessionStorage, per authority: a reload returns to the call, closing the tab forgets it. The link
 * itself cannot do that: it works only once.
 */
const key = (tenantSlug: string) => `amtsraum.guestSession.${tenantSlug}`;

export const guestToken = {
  load(tenantSlug: string): string | null {
    try {
      return sessionStorage.getItem(key(tenantSlug));
    } catch {
      return null;
    }
  },
  save(tenantSlug: string, token: string): void {
    try {
      sessionStorage.setItem(key(tenantSlug), token);
    } catch {
      // Without storage the call still works; only a reload loses it.
    }
  },
  forget(tenantSlug: string): void {
    try {
      sessionStorage.removeItem(key(tenantSlug));
    } catch {
      // nothing stored
    }
  },
};
