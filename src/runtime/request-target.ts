/**
 * Splitting an HTTP request target (`/webhooks/twilio?bodySHA256=…`) into the path routes match
 * on and the raw query that URL-signing schemes need. Adapters call these per request, so neither
 * allocates when the target has no `?` (the common case: the path is the target itself).
 */

/** The path of `target`, without its query: `target` itself when it has none. */
export function targetPath(target: string): string {
  const q = target.indexOf("?");
  return q === -1 ? target : target.slice(0, q);
}

/** The raw query of `target` after `?` (not decoded), `""` for a bare `?`, `undefined` without one. */
export function targetQuery(target: string): string | undefined {
  const q = target.indexOf("?");
  return q === -1 ? undefined : target.slice(q + 1);
}
