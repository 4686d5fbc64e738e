import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/DataTable';
import { DocText, withCode } from './DocText';
import { type Content, type DocOperation, type OpenApiDocument, requiredScopes } from './openapi';
import { SchemaView } from './SchemaView';

const METHOD_BADGE = {
  get: 'kern-badge--info',
  post: 'kern-badge--success',
  put: 'kern-badge--warning',
  patch: 'kern-badge--warning',
  delete: 'kern-badge--danger',
} as const;

/**
 * One operation: method and path as its heading, summary and required scope in view, parameters,
 * request body and responses in a disclosure so the page stays scannable.
 */
export function OperationView({ entry, doc }: { entry: DocOperation; doc: OpenApiDocument }) {
  const { t } = useTranslation();
  const { method, path, operation } = entry;
  const id = `op-${method}-${path.replaceAll(/[^a-z0-9]+/gi, '-')}`;
  const scopes = requiredScopes(operation);
  const name = `${method.toUpperCase()} ${path}`;
  return (
    <article className="api-operation stack stack--small" aria-labelledby={id}>
      <h3 id={id} className="kern-heading-small api-operation__title">
        <span className={`kern-badge ${METHOD_BADGE[method]}`}>
          <span className="kern-label">{method.toUpperCase()}</span>
        </span>{' '}
        <code>{path}</code>
      </h3>
      {operation.summary ? (
        <p className="kern-body" lang="en">
          {withCode(operation.summary)}
        </p>
      ) : null}
      <p className="kern-body">
        {scopes === null ? (
          t('adminIntegrations.apiDocs.noKey')
        ) : (
          <>
            {t('adminIntegrations.apiDocs.needsScope')} <code>{scopes.join(', ')}</code>
          </>
        )}
      </p>
      <details className="kern-accordion">
        <summary className="kern-accordion__header">
          <span className="kern-title">{t('adminIntegrations.apiDocs.details', { operation: name })}</span>
        </summary>
        <section className="kern-accordion__body stack" aria-label={name}>
          {operation.description ? <DocText text={operation.description} /> : null}
          <Parameters entry={entry} doc={doc} />
          {operation.requestBody?.content ? (
            <div className="stack stack--small">
              <h4 className="kern-heading-small">{t('adminIntegrations.apiDocs.requestBody')}</h4>
              <ContentView content={operation.requestBody.content} doc={doc} />
            </div>
          ) : null}
          <div className="stack stack--small">
            <h4 className="kern-heading-small">{t('adminIntegrations.apiDocs.responses')}</h4>
            <ul className="plain-list stack">
              {Object.entries(operation.responses ?? {}).map(([status, response]) => (
                <li key={status} className="stack stack--small">
                  <p className="kern-body">
                    <strong>{status}</strong>
                    {response.description ? <span lang="en"> – {withCode(response.description)}</span> : null}
                  </p>
                  {response.content ? (
                    // Error answers share one problem schema: folded away, so the successful ones stand out.
                    <ContentView content={response.content} doc={doc} folded={Number(status) >= 400} />
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        </section>
      </details>
    </article>
  );
}

function Parameters({ entry, doc }: { entry: DocOperation; doc: OpenApiDocument }) {
  const { t } = useTranslation();
  const parameters = entry.operation.parameters ?? [];
  if (parameters.length === 0) return null;
  return (
    <div className="stack stack--small">
      <h4 className="kern-heading-small">{t('adminIntegrations.apiDocs.parameters')}</h4>
      <DataTable
        caption={t('adminIntegrations.apiDocs.parametersOf', {
          operation: `${entry.method.toUpperCase()} ${entry.path}`,
        })}
        rows={parameters}
        rowKey={(p) => `${p.in}:${p.name}`}
        columns={[
          { header: t('adminIntegrations.apiDocs.name'), cell: (p) => <code>{p.name}</code> },
          {
            header: t('adminIntegrations.apiDocs.in'),
            cell: (p) => t(`adminIntegrations.apiDocs.location.${p.in}`),
          },
          {
            header: t('adminIntegrations.apiDocs.requiredColumn'),
            cell: (p) =>
              p.required ? t('adminIntegrations.apiDocs.yes') : t('adminIntegrations.apiDocs.no'),
          },
          {
            header: t('adminIntegrations.apiDocs.type'),
            cell: (p) => (p.schema ? <SchemaView schema={p.schema} doc={doc} /> : null),
          },
          {
            header: t('adminIntegrations.apiDocs.description'),
            // A description on the schema shows with the type.
            cell: (p) => (p.description ? <span lang="en">{p.description}</span> : '–'),
          },
        ]}
      />
    </div>
  );
}

/** Each media type of a body with its schema; folded, the schema sits behind a disclosure. */
function ContentView({
  content,
  doc,
  folded = false,
}: {
  content: Content;
  doc: OpenApiDocument;
  folded?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      {Object.entries(content).map(([mediaType, { schema }]) => (
        <div key={mediaType} className="stack stack--small">
          <p className="kern-body">
            {t('adminIntegrations.apiDocs.mediaType')} <code>{mediaType}</code>
          </p>
          {schema && folded ? (
            <details className="schema-fold">
              <summary className="kern-link">{t('adminIntegrations.apiDocs.showSchema')}</summary>
              <SchemaView schema={schema} doc={doc} />
            </details>
          ) : schema ? (
            <SchemaView schema={schema} doc={doc} />
          ) : (
            <p className="kern-body">{t('adminIntegrations.apiDocs.noSchema')}</p>
          )}
        </div>
      ))}
    </>
  );
}
