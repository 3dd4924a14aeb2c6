/**
 * The `importExtension` setting. The generator always writes Node-ESM `.js` specifiers; this
 * rewrites the relative ones of its output for projects that import `.ts` files directly (Deno,
 * Bun, `allowImportingTsExtensions`) or resolve extensionless (bundlers). Package imports
 * (`smart-api-integrations/...`) are never touched.
 */
import type { ImportExtension } from "../config/types.js";
import type { GeneratedFile } from "../manifest/types.js";

const RELATIVE_JS = /(\b(?:from|import)\s*\(?\s*")(\.{1,2}\/[^"\n]*?)\.js(")/g;

/** `files` with each relative `./x.js` import spelled for `extension`; unchanged for `.js`. */
export function withImportExtension(files: readonly GeneratedFile[], extension: ImportExtension): GeneratedFile[] {
  if (extension === ".js") return [...files];
  const suffix = extension === ".ts" ? ".ts" : "";
  return files.map((file) => ({ path: file.path, contents: file.contents.replace(RELATIVE_JS, (_, lead: string, path: string, end: string) => `${lead}${path}${suffix}${end}`) }));
}
