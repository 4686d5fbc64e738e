import '../styles/app.css';
import './embed.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n, loadAllMessages } from '../i18n';
import { EmbedWidget } from './EmbedWidget';
import { listenForHost } from './hostFrame';

// Before anything awaits: /embed.js says hello on the frame's load event, which may come early.
listenForHost();
await initI18n();
// The widget shows its own texts at once, not the app's first page.
await loadAllMessages();

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing in embed/index.html');
// The page lives at /{tenant}/einbetten/buero; no router needed for one page.
const tenantSlug = decodeURIComponent(window.location.pathname.split('/')[1] ?? '');
createRoot(root).render(
  <StrictMode>
    <EmbedWidget tenantSlug={tenantSlug} />
  </StrictMode>,
);
