/**
 * The shape of one built-in provider's end-to-end cases (cases/<name>.ts): deliveries signed the
 * way the provider signs them (its official SDK where one exists), sent over real HTTP to the
 * generated node:http listener by builtins.test.ts, with the answer each must get.
 */

/** What a case file is given to build its deliveries. */
export interface CaseContext {
  /**
   * The origin the server reconstructs for `{url}` schemes: `https://` + the Host header the test
   * client sends (no proxy headers). Sign `${origin}${path}` where a provider signs the URL.
   */
  readonly origin: string;
}

/** One HTTP delivery and the answer it must get. */
export interface CaseDelivery {
  readonly label: string;
  /** Exact bytes sent. */
  readonly body: string;
  /** Request headers, signature headers included; `content-type` defaults to application/json. */
  readonly headers: Readonly<Record<string, string>>;
  /** Path and query to POST to; default the provider's default webhook path. */
  readonly path?: string;
  readonly expect: {
    readonly status: number;
    /** The event type the `*` handler saw; omit when no handler may run (401, handshakes, …). */
    readonly event?: string;
    /** A substring of the response body (a handshake's reply, say). */
    readonly bodyIncludes?: string;
  };
}

/** One provider's cases. */
export interface ProviderCases {
  /** Built-in provider name (providers/<name>/webhook.yaml). */
  readonly provider: string;
  /** Environment the server runs with: the secret env vars the spec names. */
  readonly env: Readonly<Record<string, string>>;
  readonly deliveries: (ctx: CaseContext) => Promise<readonly CaseDelivery[]> | readonly CaseDelivery[];
}
