import { V1Problem } from '../../shared/api-v1';

/** An OpenAPI response of an RFC 9457 problem document, for the documented APIs (/api/v1, /api/operator). */
export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: V1Problem } },
});
