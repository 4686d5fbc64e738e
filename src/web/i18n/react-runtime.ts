import { useSyncExternalStore } from 'react';
import i18next, { type I18n, type TFunction } from './runtime';

/**
 * What the browser runs in place of react-i18next (vite-plugins/browser-i18n.ts), for runtime.ts:
 * useTranslation gives a t that renders again when the language changes or texts are added (its
 * bindI18n 'languageChanged' and bindI18nStore 'added'), with a new identity then, as react-i18next's.
 */
interface Translation {
  t: TFunction;
  i18n: I18n;
  ready: true;
}

const snapshot = (): Translation => ({ t: i18next.getFixedT(i18next.language), i18n: i18next, ready: true });
let current = snapshot();
const components = new Set<() => void>();

// One new snapshot per change, whether or not a component is there yet (initI18n runs before the first).
const changed = () => {
  current = snapshot();
  for (const component of components) component();
};
i18next.on('languageChanged', changed);
i18next.on('added', changed);

function subscribe(component: () => void) {
  components.add(component);
  return () => components.delete(component);
}

const getSnapshot = () => current;

export function useTranslation(): Translation {
  // The same snapshot on the server's pass of hydration: the texts were there before React started.
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

/** react-i18next's plugin: runtime.ts needs nothing registered. */
export const initReactI18next = { type: '3rdParty' as const, init() {} };
