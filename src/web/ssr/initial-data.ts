import { createContext, useContext } from 'react';
import type { PublicTenant } from '../../shared/visits';

/**
 * The data a page was rendered with on the server (src/server/ssr): the browser hydrates the same
 * markup with the same data, so nothing changes on screen when the app takes over.
 */
export interface InitialData {
  tenantSlug: string;
  tenant: PublicTenant;
  /** The dates and times the server formatted for the page (lib/dateTimeFormat.ts). */
  formatted?: Record<string, string>;
}

/** The element that carries it: a JSON data block, which no CSP treats as a script. */
export const INITIAL_DATA_ID = 'initial-data';

export const InitialDataContext = createContext<InitialData | null>(null);

/** The server's data block of this document, if the server rendered the page. */
export function readInitialData(doc: Document): InitialData | null {
  const text = doc.getElementById(INITIAL_DATA_ID)?.textContent;
  if (!text) return null;
  try {
    return JSON.parse(text) as InitialData;
  } catch {
    return null;
  }
}

/** The authority's public data the page was rendered with, if it was rendered for this authority. */
export function useInitialTenant(tenantSlug: string): PublicTenant | undefined {
  const initial = useContext(InitialDataContext);
  return initial?.tenantSlug === tenantSlug ? initial.tenant : undefined;
}
