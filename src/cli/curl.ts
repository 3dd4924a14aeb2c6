/** `test-webhook --print`: a delivery as a curl command a user can read, paste or pipe to `sh`. */
import type { TestDelivery } from "../testing/variants.js";

/** POSIX-shell single-quoting: safe for any bytes but NUL. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `curl -sS -X POST <url> -H … --data-binary '<body>'`, headers sorted for a stable reading. */
export function curlCommand(url: string, delivery: TestDelivery): string {
  const headers = Object.entries(delivery.headers)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => ` \\\n  -H ${shellQuote(`${name}: ${value}`)}`)
    .join("");
  return `curl -sS -X POST ${shellQuote(url)}${headers} \\\n  --data-binary ${shellQuote(delivery.body)}`;
}
