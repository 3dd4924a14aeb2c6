/**
 * Reading a webhook's secrets from the environment, per request (so rotation needs no restart).
 */

/** An environment to read secrets from; `process.env` by default. */
export type SecretEnv = Readonly<Record<string, string | undefined>>;

// Parsing is cached on the raw string: the env lookup stays per request, the split does not.
const cache = new Map<string, readonly string[]>();

/** Splits a comma-separated secret list, trimming blanks away. */
export function parseSecrets(raw: string): readonly string[] {
  let list = cache.get(raw);
  if (list === undefined) {
    list = Object.freeze(raw.split(",").map((s) => s.trim()).filter((s) => s !== ""));
    // Rotations are rare; keep the cache tiny rather than let odd envs grow it.
    if (cache.size >= 64) cache.clear();
    cache.set(raw, list);
  }
  return list;
}

/** The secrets in `env[name]`, or an empty list when the variable is unset or blank. */
export function readSecrets(env: SecretEnv, name: string): readonly string[] {
  const raw = env[name];
  return raw === undefined ? [] : parseSecrets(raw);
}
