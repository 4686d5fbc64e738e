import { useTranslation } from 'react-i18next';
import { FormAlert } from '../../components/FormAlert';
import { PageHeader } from '../../components/PageHeader';
import { useLoad } from '../../hooks/useLoad';
import { problemMessage } from '../../lib/problemMessage';
import { sectionTitleKey } from '../sections';
import { DocText, withCode } from './DocText';
import { OperationView } from './OperationView';
import { loadOpenApiDocument, OPENAPI_URL, type OpenApiDocument, operationsByTag } from './openapi';

/**
 * The /api/v1 reference, rendered from our own OpenAPI document: no third-party viewer (it would need
 * inline styles and scripts our CSP forbids, and its widgets are hard to use with a keyboard or screen
 * reader). Public at /api-docs, like the document, for the case system's developers; also in the admin area.
 */
export function ApiDocsPage() {
  const { t } = useTranslation();
  const document = useLoad(loadOpenApiDocument);
  return (
    <div className="stack">
      <PageHeader
        title={t(sectionTitleKey('apiDocs', 'title'))}
        intro={t(sectionTitleKey('apiDocs', 'description'))}
      />
      <FormAlert message={document.error ? problemMessage(document.error, t) : null} />
      {document.data ? (
        <ApiReference doc={document.data} />
      ) : document.error ? null : (
        <p className="kern-body">{t('common.loading')}</p>
      )}
    </div>
  );
}

function ApiReference({ doc }: { doc: OpenApiDocument }) {
  const { t } = useTranslation();
  const example = `curl -H "Authorization: Bearer amk_…" ${window.location.origin}/api/v1/appointments`;
  return (
    <>
      <section className="stack stack--small" aria-labelledby="api-docs-about">
        <h2 id="api-docs-about" className="kern-heading-medium">
          {doc.info.title}
        </h2>
        <p className="kern-body">
          {t('adminIntegrations.apiDocs.version', { version: doc.info.version, openapi: doc.openapi })}
        </p>
        {doc.info.description ? <DocText text={doc.info.description} /> : null}
        <p className="kern-body">
          <a className="kern-link" href={OPENAPI_URL} download="amtsraum-openapi.json">
            {t('adminIntegrations.apiDocs.download')}
          </a>
        </p>
      </section>
      <section className="stack stack--small" aria-labelledby="api-docs-auth">
        <h2 id="api-docs-auth" className="kern-heading-medium">
          {t('adminIntegrations.apiDocs.authHeading')}
        </h2>
        <p className="kern-body">{t('adminIntegrations.apiDocs.authText')}</p>
        <pre className="api-docs__example">
          <code>{example}</code>
        </pre>
        <p className="kern-body">{t('adminIntegrations.apiDocs.authErrors')}</p>
      </section>
      {operationsByTag(doc, t('adminIntegrations.apiDocs.untagged')).map((group) => (
        <section key={group.name} className="stack" aria-labelledby={`api-tag-${group.name}`}>
          <div className="stack stack--small">
            <h2 id={`api-tag-${group.name}`} className="kern-heading-medium" lang="en">
              {group.name}
            </h2>
            {group.description ? (
              <p className="kern-body" lang="en">
                {withCode(group.description)}
              </p>
            ) : null}
          </div>
          {group.operations.map((entry) => (
            <OperationView key={`${entry.method} ${entry.path}`} entry={entry} doc={doc} />
          ))}
        </section>
      ))}
    </>
  );
}
