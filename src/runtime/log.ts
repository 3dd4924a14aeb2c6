/**
 * Logging: `debug` under `smart-api-integrations:webhook`, replaceable through `PipelineOptions.logger`.
 */
import createDebug from "debug";

/** Structured context attached to a log line. Never put secrets or signature values here. */
export type LogFields = Readonly<Record<string, unknown>>;

/** The logger the pipeline writes to; shaped like Octokit's `log` option. */
export interface WebhookLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const debug = createDebug("smart-api-integrations:webhook");

/**
 * The default logger. Debug and info lines only show with `DEBUG=smart-api-integrations:*`;
 * warnings and errors (misconfiguration, failing handlers) also reach the console, because a
 * webhook that silently answers 500 is worse than a noisy one.
 */
export const defaultLogger: WebhookLogger = {
  // Every processed delivery logs at debug level: skip the call (and its argument list) when off.
  debug: (message, fields) => {
    if (debug.enabled) debug("%s %o", message, fields ?? {});
  },
  info: (message, fields) => {
    if (debug.enabled) debug("%s %o", message, fields ?? {});
  },
  warn: (message, fields) => {
    debug("WARN %s %o", message, fields ?? {});
    console.warn(`[smart-api-integrations] ${message}`, fields ?? "");
  },
  error: (message, fields) => {
    debug("ERROR %s %o", message, fields ?? {});
    console.error(`[smart-api-integrations] ${message}`, fields ?? "");
  },
};

/** A complete logger that also says whether debug lines go anywhere. */
export interface ResolvedLogger extends WebhookLogger {
  /** False when debug lines are dropped: callers then skip building their fields. */
  readonly debugEnabled: boolean;
}

/** The default logger as a {@link ResolvedLogger}; `debugEnabled` follows `DEBUG` at run time. */
const resolvedDefault: ResolvedLogger = {
  ...defaultLogger,
  get debugEnabled() {
    return debug.enabled;
  },
};

/** Fills the levels a partial logger leaves out with the default ones. */
export function resolveLogger(logger: Partial<WebhookLogger> | undefined): ResolvedLogger {
  if (logger === undefined) return resolvedDefault;
  const custom = logger.debug;
  return {
    debug: custom ?? defaultLogger.debug,
    info: logger.info ?? defaultLogger.info,
    warn: logger.warn ?? defaultLogger.warn,
    error: logger.error ?? defaultLogger.error,
    get debugEnabled() {
      return custom !== undefined || debug.enabled;
    },
  };
}

const SENSITIVE = /signature|secret|token|authorization|cookie|api[-_]?key/i;

/**
 * A copy of `headers` safe to log: values of signature, secret, token, auth and cookie headers
 * (plus any `extra` names, e.g. a provider's custom signature header) become `[redacted]`.
 */
export function redactHeaders(
  headers: Readonly<Record<string, string>>,
  extra: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = SENSITIVE.test(name) || extra.includes(name) ? "[redacted]" : value;
  }
  return out;
}
