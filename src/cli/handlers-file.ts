/** Where the project's handlers file is, and how it imports the generated index. */
import { dirname, relative, resolve, sep } from "node:path";
import type { Project } from "./project.js";

/** Absolute path of the handlers file (`handlersFile` setting, default `webhook_handlers.ts`). */
export function handlersFilePath(project: Project, given?: string): string {
  return resolve(project.cwd, given ?? project.settings.handlersFile);
}

/** `./generated/index.js` (or `.ts` / extensionless per `importExtension`), relative to the handlers file. */
export function generatedIndexSpecifier(project: Project, handlersFile: string): string {
  const index = resolve(project.cwd, project.settings.outDir, "index");
  let rel = relative(dirname(handlersFile), index).split(sep).join("/");
  if (!rel.startsWith(".")) rel = `./${rel}`;
  const ext = project.settings.importExtension;
  return ext === "none" ? rel : `${rel}${ext}`;
}
