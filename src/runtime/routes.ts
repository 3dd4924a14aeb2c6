/**
 * Route table: exact path matching with a tolerated trailing slash, and no redirects.
 */

/** One webhook endpoint to serve: a provider's webhook at a path. */
export interface WebhookRoute {
  readonly provider: string;
  readonly webhook: string;
  /** URL path, e.g. `/webhooks/stripe/`; matched with or without its trailing slash. */
  readonly path: string;
}

/** Strips the query string and trailing slashes (`/` stays `/`). */
export function normalizePath(path: string): string {
  const q = path.indexOf("?");
  let p = q === -1 ? path : path.slice(0, q);
  while (p.length > 1 && p.endsWith("/")) p = p.slice(0, -1);
  return p === "" ? "/" : p;
}

/** Compiled routes, looked up by normalised path. */
export class RouteTable {
  readonly #byPath = new Map<string, WebhookRoute>();

  /** Throws when two routes normalise to the same path (which one would answer is ambiguous). */
  constructor(routes: readonly WebhookRoute[]) {
    for (const route of routes) {
      const key = normalizePath(route.path);
      const taken = this.#byPath.get(key);
      if (taken !== undefined && (taken.provider !== route.provider || taken.webhook !== route.webhook)) {
        throw new Error(
          `webhook path ${key} is claimed by both ${taken.provider}/${taken.webhook} and ${route.provider}/${route.webhook}`,
        );
      }
      this.#byPath.set(key, route);
    }
  }

  /** The route serving `path` (query string ignored), if any. */
  match(path: string): WebhookRoute | undefined {
    return this.#byPath.get(normalizePath(path));
  }

  /** Every route, for adapters that register one framework route per path. */
  routes(): readonly WebhookRoute[] {
    return [...this.#byPath.values()];
  }
}
