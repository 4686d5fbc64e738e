/**
 * What the browser runs in place of i18next (vite-plugins/browser-i18n.ts): the part of it the app
 * uses, in 1 KiB instead of 16 KiB gzip on every page. Texts are looked up as i18next looks them up
 * (nested keys, plural forms by Intl.PluralRules with "_zero" first for a count of 0, then the
 * fallback language) and filled in as it fills them in with escapeValue: false ("{{name}}"; a variable
 * not passed stays as written, one passed as undefined or null becomes empty). The server renders
 * with i18next itself (ssr/entry-server.tsx); runtime.test.ts holds both to the same text for every
 * key of both languages, so hydration finds what the server wrote.
 */
type Tree = { [key: string]: unknown };
type Listener = (...args: unknown[]) => void;
export type TOptions = Record<string, unknown>;
export type TFunction = (key: string, options?: TOptions) => string;

export interface InitOptions {
  resources?: Record<string, { translation: Tree }>;
  lng: string;
  fallbackLng: string;
  /** Called once per missing key and language (i18next's saveMissing), e.g. to load more texts. */
  missingKeyHandler?: () => void;
  saveMissing?: boolean;
  [option: string]: unknown;
}

const VARIABLE = /\{\{(.+?)\}\}/g;

function find(tree: Tree | undefined, path: string): unknown {
  let node: unknown = tree;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Tree)[key];
  }
  return node;
}

function merge(into: Tree, from: Tree) {
  for (const [key, value] of Object.entries(from)) {
    const existing = into[key];
    if (typeof value === 'object' && value !== null && typeof existing === 'object' && existing !== null) {
      merge(existing as Tree, value as Tree);
    } else {
      into[key] = typeof value === 'object' && value !== null ? structuredClone(value) : value;
    }
  }
}

export function interpolate(text: string, data: TOptions): string {
  return text.replace(VARIABLE, (written, inner: string) => {
    const name = inner.trim();
    const value = find(data, name);
    if (value !== undefined) return value === null ? '' : String(value);
    return Object.hasOwn(data, name) ? '' : written;
  });
}

export class I18n {
  language = '';
  isInitialized = false;
  options: InitOptions = { lng: 'de', fallbackLng: 'de' };
  private readonly store: Record<string, Tree> = {};
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly plurals = new Map<string, Intl.PluralRules>();

  /** The language texts come from: the one asked for once it has texts, else the fallback. */
  get resolvedLanguage(): string {
    return this.store[this.language] ? this.language : this.options.fallbackLng;
  }

  /** i18next's plugin hook: react-i18next's plugin has nothing to register here. */
  use(_plugin: unknown): this {
    return this;
  }

  async init(options: InitOptions): Promise<TFunction> {
    this.options = options;
    for (const [language, { translation }] of Object.entries(options.resources ?? {})) {
      this.addResourceBundle(language, 'translation', translation, true, true);
    }
    this.isInitialized = true;
    await this.changeLanguage(options.lng);
    return this.t;
  }

  on(event: string, listener: Listener) {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set.add(listener));
  }

  off(event: string, listener: Listener) {
    this.listeners.get(event)?.delete(listener);
  }

  private emit(event: string, ...args: unknown[]) {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }

  addResourceBundle(language: string, _namespace: string, resources: Tree, _deep = true, _overwrite = true) {
    this.store[language] ??= {};
    merge(this.store[language], resources);
    this.emit('added', language, 'translation');
    return this;
  }

  async changeLanguage(language: string): Promise<TFunction> {
    this.language = language;
    this.emit('languageChanged', language);
    return this.t;
  }

  /** A t that always speaks the language given. */
  getFixedT(language: string | null): TFunction {
    return (key, options) => this.translate(language ?? this.language, key, options);
  }

  readonly t: TFunction = (key, options) => this.translate(this.language, key, options);

  private plural(language: string, count: number): string {
    const rules = this.plurals.get(language) ?? new Intl.PluralRules(language);
    this.plurals.set(language, rules);
    return rules.select(count);
  }

  private translate(language: string, key: string, options: TOptions = {}): string {
    const { count } = options;
    const languages =
      language === this.options.fallbackLng ? [language] : [language, this.options.fallbackLng];
    for (const code of languages) {
      const keys = typeof count === 'number' ? [`${key}_${this.plural(code, count)}`, key] : [key];
      if (count === 0) keys.unshift(`${key}_zero`);
      for (const candidate of keys) {
        const text = find(this.store[code], candidate);
        if (typeof text === 'string') return interpolate(text, options);
      }
    }
    if (this.options.saveMissing) this.options.missingKeyHandler?.();
    return key;
  }
}

const i18next = new I18n();
export default i18next;
