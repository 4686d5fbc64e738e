import { useEffect, useState } from 'react';

/**
 * Which link: an appointment's manage, join or activation link, a case system's invitation, a guest's
 * invitation.
 */
type LinkKind = 'manage' | 'join' | 'activate' | 'invitation' | 'guest';

/**
 * Manage and join links carry their token in the URL fragment, so it never reaches a server log or
 * a Referer header. The page takes it from there once, removes it from the address bar (and the
 * history entry), and keeps it in the tab's sessionStorage so a reload still works.
 */
const key = (kind: LinkKind, tenantSlug: string) => `amtsraum.${kind}.${tenantSlug}`;

function readFragment(): string | null {
  const token = window.location.hash.slice(1);
  return /^[A-Za-z0-9_-]{16,200}$/.test(token) ? token : null;
}

function stored(kind: LinkKind, tenantSlug: string): string | null {
  try {
    return sessionStorage.getItem(key(kind, tenantSlug));
  } catch {
    return null;
  }
}

export function forgetLinkToken(kind: LinkKind, tenantSlug: string): void {
  try {
    sessionStorage.removeItem(key(kind, tenantSlug));
  } catch {
    // nothing stored
  }
}

/**
 * The link's token: from the fragment (a fresh link wins) or from this tab's storage; null if none.
 * fresh: it came from the address, i.e. the link was just opened (not a reload).
 */
export function useLinkToken(kind: LinkKind, tenantSlug: string): { token: string | null; fresh: boolean } {
  const [found] = useState(() => {
    const fromLink = readFragment();
    return { token: fromLink ?? stored(kind, tenantSlug), fresh: fromLink !== null };
  });
  const { token } = found;

  useEffect(() => {
    if (!window.location.hash) return;
    // Keep the router's history state; only the fragment goes.
    const { pathname, search } = window.location;
    window.history.replaceState(window.history.state, '', `${pathname}${search}`);
  }, []);

  useEffect(() => {
    if (!token) return;
    try {
      sessionStorage.setItem(key(kind, tenantSlug), token);
    } catch {
      // Without storage the page works until it is reloaded.
    }
  }, [kind, tenantSlug, token]);

  return found;
}
