import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import deFirstPage from './de.json?first-page';

export const LANGUAGES = ['de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'amtsraum.language';

type Messages = { default: Record<string, unknown> };

/**
 * Each language file comes in three parts (split at build time, see sections.ts): German's first part
 * is in the app itself; the texts of the other citizen pages, and those only staff pages show, are
 * fetched when a page needs them, one language at a time.
 */
const FIRST_PAGE: Record<Language, () => Promise<Messages>> = {
  de: async () => ({ default: deFirstPage }),
  en: () => import('./en.json?first-page'),
};
const OTHER_PAGES: Record<Language, () => Promise<Messages>> = {
  de: () => import('./de.json?other-pages'),
  en: () => import('./en.json?other-pages'),
};
const STAFF_PAGES: Record<Language, () => Promise<Messages>> = {
  de: () => import('./de.json?staff-pages'),
  en: () => import('./en.json?staff-pages'),
};
type Part = 'citizen' | 'staff';

function storedLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored === 'en' ? 'en' : 'de';
  } catch {
    return 'de';
  }
}

function syncDocument(language: string) {
  document.documentElement.lang = language;
}

// The language asked for, not resolvedLanguage: that is German until English texts are in.
const currentLanguage = (): Language => (i18next.language === 'en' ? 'en' : 'de');

function addMessages(language: Language, messages: Messages) {
  i18next.addResourceBundle(language, 'translation', messages.default, true, true);
}

const loaded = new Map<string, Promise<void>>();
/** Whether a staff page was shown: a language switch then fetches the staff texts too. */
let staffArea = false;

function loadPart(language: Language, part: Part): Promise<void> {
  const key = `${language}:${part}`;
  let loading = loaded.get(key);
  if (!loading) {
    const parts =
      part === 'citizen' ? [FIRST_PAGE[language](), OTHER_PAGES[language]()] : [STAFF_PAGES[language]()];
    loading = Promise.all(parts).then(
      (messages) => {
        for (const message of messages) addMessages(language, message);
      },
      (error: unknown) => {
        // Offline for a moment: the next page asks again.
        loaded.delete(key);
        throw error;
      },
    );
    loaded.set(key, loading);
  }
  return loading;
}

/** Every text of the citizen pages in a language (default: the current one); pages but the first wait for it. */
export function loadAllMessages(language: Language = currentLanguage()): Promise<void> {
  return loadPart(language, 'citizen');
}

/** Every text, the staff pages' included: staff pages and sign-in wait for it. */
export async function loadStaffMessages(language: Language = currentLanguage()): Promise<void> {
  staffArea = true;
  await Promise.all([loadPart(language, 'citizen'), loadPart(language, 'staff')]);
}

/** Switches the UI language, remembers it and keeps <html lang> in sync. */
export async function changeLanguage(language: Language) {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
  await (staffArea ? loadStaffMessages(language) : loadAllMessages(language));
  await i18next.changeLanguage(language);
}

export async function initI18n() {
  i18next.on('languageChanged', syncDocument);
  const lng = storedLanguage();
  syncDocument(lng);
  const firstPage = lng === 'de' ? null : await FIRST_PAGE[lng]();
  await i18next.use(initReactI18next).init({
    resources: {
      de: { translation: deFirstPage },
      ...(firstPage ? { [lng]: { translation: firstPage.default } } : {}),
    },
    lng,
    fallbackLng: 'de',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    returnNull: false,
    // A text outside the parts loaded so far loads all of them; 'added' renders it again once there.
    saveMissing: true,
    missingKeyHandler: () => void loadStaffMessages().catch(() => {}),
    react: { bindI18nStore: 'added' },
  });
}
