import { suggest } from "../manifest/index.js";
import { UsageError } from "./report-error.js";

/**
 * Looks a name up, failing with the nearest known name and the full list (or a count and where
 * to see them when there are many).
 * @throws UsageError (exit 2)
 */
export function pick<T>(kind: string, name: string, known: ReadonlyMap<string, T>, where: string): T {
  const found = known.get(name);
  if (found !== undefined) return found;
  const names = [...known.keys()];
  if (names.length === 0) {
    throw new UsageError(`unknown ${kind} ${JSON.stringify(name)}: there are none ${where}`, kind === "provider" ? `run: smart-api-integrations init ${name}` : undefined);
  }
  const hint = suggest(name, names);
  const list = names.length <= 10 ? ` (known: ${names.join(", ")})` : ` (${names.length} known; see: smart-api-integrations list --events)`;
  throw new UsageError(`unknown ${kind} ${JSON.stringify(name)} ${where}${hint === undefined ? "" : ` — did you mean "${hint}"?`}${list}`);
}
