import { createInstance } from 'i18next';
import { renderToStaticMarkup, renderToString } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { StaticRouter } from 'react-router';
import { App } from '../App';
import deFirstPage from '../i18n/de.json?first-page';
import { recordFormatted } from '../lib/dateTimeFormat';
import type { InitialData } from './initial-data';

/**
 * Server rendering of a citizen's first page (built by Vite into dist/ssr, used by
 * src/server/ssr/): the markup of the app's own components, in German with the texts the browser
 * has at hydration (the first page's part), so both render the same.
 */
const i18n = createInstance({
  lng: 'de',
  fallbackLng: 'de',
  resources: { de: { translation: deFirstPage } },
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
  react: { useSuspense: false },
});
void i18n.init();

export interface Rendered {
  /** The inside of <div id="root">. */
  html: string;
  /** The <title> element with the title the page sets once it runs (usePageTitle), escaped. */
  title: string;
  /** The dates and times in the markup, for the browser's hydration (InitialData.formatted). */
  formatted: Record<string, string>;
}

export function render(url: string, initialData: InitialData): Rendered {
  const { result: html, formatted } = recordFormatted(() =>
    renderToString(
      <I18nextProvider i18n={i18n}>
        <App
          router={(routes) => <StaticRouter location={url}>{routes}</StaticRouter>}
          initialData={initialData}
        />
      </I18nextProvider>,
    ),
  );
  const title = i18n.t('app.titleTemplate', { page: initialData.tenant.name });
  return { html, title: renderToStaticMarkup(<title>{title}</title>), formatted };
}
