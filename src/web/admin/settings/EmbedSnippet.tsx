import { useTranslation } from 'react-i18next';
import { EMBED_PAGE_PATH } from '../../../shared/embed';
import { Button } from '../../components/Button';

/** The frame's sandbox: scripts and its own origin, and links that open an ordinary new tab. */
const SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox';

const attribute = (value: string) =>
  value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** Both ways to put the widget on the authority's site, ready to copy. */
export function EmbedSnippet({
  slug,
  name,
  onStatus,
}: {
  slug: string;
  name: string;
  onStatus(message: string): void;
}) {
  const { t } = useTranslation();
  // The admin pages are served from Amtsraum's public address: the one the host page must load from.
  const origin = window.location.origin;
  const title = attribute(t('adminEmbed.frameTitle', { name }));
  const snippets = [
    {
      id: 'script',
      label: t('adminEmbed.snippetScript'),
      code: `<script src="${origin}/embed.js" data-authority="${slug}" data-title="${title}" async></script>`,
    },
    {
      id: 'iframe',
      label: t('adminEmbed.snippetIframe'),
      code: `<iframe src="${origin}/${slug}/${EMBED_PAGE_PATH}" title="${title}" width="100%" height="480" sandbox="${SANDBOX}"></iframe>`,
    },
  ];

  async function copy(code: string) {
    try {
      await navigator.clipboard.writeText(code);
      onStatus(t('adminEmbed.copied'));
    } catch {
      onStatus(t('adminEmbed.copyFailed'));
    }
  }

  return (
    <section className="stack stack--small" aria-labelledby="embed-snippet-heading">
      <h3 id="embed-snippet-heading" className="kern-heading-small">
        {t('adminEmbed.snippetTitle')}
      </h3>
      <p className="kern-body">{t('adminEmbed.snippetIntro', { origin })}</p>
      {snippets.map((snippet) => (
        <div key={snippet.id} className="stack stack--small">
          <h4 className="kern-body kern-body--bold">{snippet.label}</h4>
          <pre className="code-snippet">
            <code>{snippet.code}</code>
          </pre>
          <div>
            <Button
              variant="secondary"
              small
              onClick={() => void copy(snippet.code)}
              aria-label={t('adminEmbed.copyNamed', { name: snippet.label })}
            >
              {t('adminEmbed.copy')}
            </Button>
          </div>
        </div>
      ))}
    </section>
  );
}
