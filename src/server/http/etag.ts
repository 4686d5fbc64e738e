/**
 * Whether a request's If-None-Match names this entity tag (RFC 9110 §13.1.2: a list of tags or "*",
 * compared weakly, so a proxy that weakened our tag to W/"…" still gets its 304).
 */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim())
    .some((tag) => tag === '*' || tag.replace(/^W\//, '') === opaque);
}
