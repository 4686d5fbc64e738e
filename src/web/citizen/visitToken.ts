/**
 * The resume token of a visit lives in the tab's sessionStorage, per authority: a reload or a
 * network drop brings the citizen back to the same place, and closing the tab forgets it.
 */
const key = (tenantSlug: string) => `amtsraum.visit.${tenantSlug}`;

export function loadVisitToken(tenantSlug: string): string | null {
  try {
    return sessionStorage.getItem(key(tenantSlug));
  } catch {
    return null;
  }
}

export function saveVisitToken(tenantSlug: string, token: string): void {
  try {
    sessionStorage.setItem(key(tenantSlug), token);
  } catch {
    // Without storage the visit still works; only a reload loses it.
  }
}

export function forgetVisitToken(tenantSlug: string): void {
  try {
    sessionStorage.removeItem(key(tenantSlug));
  } catch {
    // nothing stored
  }
}
