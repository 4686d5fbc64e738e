import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../support/each-db';
import { startTestServer, type TestServer } from '../support/server';

describeEachDb('API v1 OpenAPI document', (kind) => {
  let server: TestServer;
  let document: OpenAPIV3_1.Document;
  beforeAll(async () => {
    server = await startTestServer(kind);
    const response = await server.app.inject({ url: '/api/v1/openapi.json' });
    expect(response.statusCode, response.body).toBe(200);
    document = response.json();
  });
  afterAll(() => server.close());

  it('is a valid OpenAPI 3.1 document by an independent validator', async () => {
    expect(document.openapi).toBe('3.1.0');
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
  });

  it('describes every /api/v1 route the server has, and nothing else', () => {
    const toOpenApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');
    const registered = server.routes
      .filter((r) => r.method !== 'HEAD' && r.url.startsWith('/api/v1/'))
      .map((r) => `${r.method.toLowerCase()} ${toOpenApiPath(r.url)}`)
      .sort();
    const documented = Object.entries(document.paths ?? {})
      .flatMap(([path, item]) =>
        Object.keys(item ?? {})
          .filter((k) => ['get', 'put', 'post', 'delete', 'patch'].includes(k))
          .map((method) => `${method} ${path}`),
      )
      .sort();
    expect(registered.length).toBeGreaterThanOrEqual(8);
    expect(documented).toEqual(registered);
  });

  it('names the bearer scheme and the scope of each operation', () => {
    expect(document.components?.securitySchemes?.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    const scopes = (path: string, method: 'get' | 'post') => document.paths?.[path]?.[method]?.security;
    expect(scopes('/api/v1/appointments', 'get')).toEqual([{ apiKey: ['appointments:read'] }]);
    expect(scopes('/api/v1/appointments', 'post')).toEqual([{ apiKey: ['appointments:write'] }]);
    expect(scopes('/api/v1/consultations', 'post')).toEqual([{ apiKey: ['consultations:write'] }]);
    expect(scopes('/api/v1/consultations/{id}/protocol.pdf', 'get')).toEqual([
      { apiKey: ['consultations:read'] },
    ]);
    expect(scopes('/api/v1/openapi.json', 'get')).toEqual([]);
  });

  it('is generated from the request schemas', () => {
    const body = document.paths?.['/api/v1/appointments']?.post?.requestBody as OpenAPIV3_1.RequestBodyObject;
    const schema = body.content['application/json']?.schema as OpenAPIV3_1.SchemaObject;
    expect(schema.required).toEqual(expect.arrayContaining(['serviceId', 'start', 'citizen']));
    expect(schema.additionalProperties).toBe(false);
    const caseReference = schema.properties?.caseReference as OpenAPIV3_1.SchemaObject;
    expect(caseReference.maxLength).toBe(100);
    const pdf = document.paths?.['/api/v1/consultations/{id}/protocol.pdf']?.get?.responses?.['200'];
    expect(Object.keys((pdf as OpenAPIV3_1.ResponseObject).content ?? {})).toEqual(['application/pdf']);
  });

  it('holds no route outside /api/v1', () => {
    for (const path of Object.keys(document.paths ?? {})) expect(path).toMatch(/^\/api\/v1\//);
  });
});
