/**
 * The repository's route templates, read for tests (generate itself never reads files).
 */
import { readFileSync } from "node:fs";

/** framework → template text, as the CLI would pass them. */
export const templates: Readonly<Record<string, string>> = {
  express: readFileSync(new URL("../../../templates/express.ts.tpl", import.meta.url), "utf8"),
};
