import './styles/app.css';
import { startTransition } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { initI18n } from './i18n';
import { knowFormatted } from './lib/dateTimeFormat';
import { readInitialData } from './ssr/initial-data';

await initI18n();

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing in index.html');
const initialData = readInitialData(document);
if (initialData?.formatted) knowFormatted(initialData.formatted);
// A declarative router: the data router (createBrowserRouter) would add ~16 KB gzip to every first page.
const app = <App router={(routes) => <BrowserRouter>{routes}</BrowserRouter>} initialData={initialData} />;
// A transition: React renders in slices of a few milliseconds instead of one long task, so a slow
// phone stays responsive while the app starts (Lighthouse's Total Blocking Time).
startTransition(() => {
  // The server rendered the page in German (src/server/ssr): take its markup over as it is; in
  // another language, or on a page the server did not render, the app draws the page itself.
  if (initialData && document.documentElement.lang === 'de') hydrateRoot(root, app);
  else createRoot(root).render(app);
});
