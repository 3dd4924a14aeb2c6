/**
 * `add-handler`: a typed handler stub inserted into the user's handlers file. The syntax tree
 * (ts-morph) says where things are; the edit itself is text inserted at those places, written in
 * the file's own style (quotes, semicolons, indentation), so the rest of the file is untouched.
 */
import { Node, type SourceFile } from "ts-morph";
import { parseSource, scanHandlers } from "./handlers-source.js";

/** What the stub is for. */
export interface StubRequest {
  readonly provider: string;
  readonly webhook: string;
  readonly event: string;
  /** Module specifier of the generated index, relative to the handlers file (e.g. `./generated/index.js`). */
  readonly generatedIndex: string;
}

/** The file's conventions, read from its text. */
export interface FileStyle {
  readonly quote: "'" | '"';
  readonly semicolon: boolean;
  readonly indent: string;
}

/** Quotes, semicolons and indentation the file already uses (double quotes, semicolons, 2 spaces when it is empty). */
export function detectStyle(text: string): FileStyle {
  const singles = (text.match(/(?<![\w"])'[^'\n]*'/g) ?? []).length;
  const doubles = (text.match(/(?<![\w'])"[^"\n]*"/g) ?? []).length;
  const statements = text.split("\n").filter((line) => /\S/.test(line) && !/^\s*(\/\/|\*|\/\*)/.test(line));
  const withSemicolon = statements.filter((line) => /;\s*$/.test(line)).length;
  const indented = text.split("\n").map((line) => /^([ \t]+)\S/.exec(line)?.[1]).filter((s): s is string => s !== undefined);
  const tabs = indented.filter((s) => s.startsWith("\t")).length;
  const spaces = indented.filter((s) => s.startsWith(" ")).map((s) => s.length);
  const smallest = spaces.length === 0 ? 2 : Math.min(...spaces);
  return {
    quote: singles > doubles ? "'" : '"',
    semicolon: statements.length === 0 || withSemicolon * 2 >= statements.length,
    indent: tabs > spaces.length ? "\t" : " ".repeat(smallest === 4 ? 4 : 2),
  };
}

/** A handler for `request.event` is already registered: where. */
export class HandlerExistsError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    event: string,
  ) {
    super(`a handler for ${JSON.stringify(event)} is already registered at line ${line}`);
    this.name = "HandlerExistsError";
  }
}

/**
 * `text` with a typed handler stub for the event appended, plus whatever it needs and lacks:
 * the `getWebhookRegistry` import, the generated index import, the processor variable.
 * @throws HandlerExistsError when the processor already handles the event.
 */
export function addHandlerStub(text: string, request: StubRequest, fileName = "webhook_handlers.ts"): string {
  const file = parseSource(text, fileName);
  const style = detectStyle(text);
  const q = (s: string) => `${style.quote}${s.replace(/\\/g, "\\\\").replace(new RegExp(style.quote, "g"), `\\${style.quote}`)}${style.quote}`;
  const semi = style.semicolon ? ";" : "";
  const scan = scanHandlers(file);
  const existing = scan.handlers.find((h) => h.provider === request.provider && h.webhook === request.webhook && h.event === request.event);
  if (existing !== undefined) throw new HandlerExistsError(existing.line, existing.column, request.event);

  let binding = scan.processors.find((p) => p.variable !== undefined && p.provider === request.provider && p.webhook === request.webhook)?.variable;
  const head: string[] = [];
  let registryName = registryImportName(file);
  if (binding === undefined && registryName === undefined) {
    registryName = "getWebhookRegistry";
    head.push(`import { getWebhookRegistry } from ${q("smart-api-integrations")}${semi}`);
  }
  if (!importsModule(file, request.generatedIndex)) {
    head.push(`import ${q(request.generatedIndex)}${semi} // registers the generated providers and their types`);
  }
  const tail: string[] = [];
  if (binding === undefined) {
    binding = freeName(file, processorVariable(request.provider, request.webhook));
    const args = request.webhook === "default" ? q(request.provider) : `${q(request.provider)}, ${q(request.webhook)}`;
    tail.push(`const ${binding} = ${registryName}().createProcessor(${args})${semi}`, "");
  }
  const i = style.indent;
  tail.push(
    `${binding}.on(${q(request.event)}, async (event) => {`,
    `${i}// event.payload is typed as the ${request.event} payload. What you return becomes the response body.`,
    `${i}console.log(event.type, event.id)${semi}`,
    `${i}return { status: ${q("processed")} }${semi}`,
    `})${semi}`,
  );
  const withImports = insertImports(text, file, head);
  return withImports + tailText(withImports, tail);
}

/** The local name of `getWebhookRegistry` imported from the package, if it is imported. */
function registryImportName(file: SourceFile): string | undefined {
  for (const declaration of file.getImportDeclarations()) {
    if (declaration.getModuleSpecifierValue() !== "smart-api-integrations") continue;
    for (const named of declaration.getNamedImports()) {
      if (named.getName() === "getWebhookRegistry") return named.getAliasNode()?.getText() ?? "getWebhookRegistry";
    }
  }
  return undefined;
}

function importsModule(file: SourceFile, specifier: string): boolean {
  const strip = (s: string) => s.replace(/\.(js|ts|mjs|mts)$/, "");
  return file.getImportDeclarations().some((d) => strip(d.getModuleSpecifierValue()) === strip(specifier));
}

/** `stripe`, `stripeConnect`, `acmeWebhooks` — a readable identifier for the processor. */
function processorVariable(provider: string, webhook: string): string {
  const camel = (s: string) => s.replace(/[-_]+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const base = camel(provider) + (webhook === "default" ? "" : camel(`-${webhook}`));
  return /^[A-Za-z_$][\w$]*$/.test(base) ? base : `processor_${base.replace(/\W/g, "_")}`;
}

/** `name`, or `name2`, … when the file already declares it. */
function freeName(file: SourceFile, name: string): string {
  const taken = new Set(file.getDescendants().filter(Node.isIdentifier).map((id) => id.getText()));
  if (!taken.has(name)) return name;
  for (let n = 2; ; n++) if (!taken.has(`${name}${n}`)) return `${name}${n}`;
}

/** Inserts `lines` after the file's last import (or at the top, after a leading comment block). */
function insertImports(text: string, file: SourceFile, lines: readonly string[]): string {
  if (lines.length === 0) return text;
  const imports = file.getImportDeclarations();
  const last = imports[imports.length - 1];
  if (last !== undefined) {
    const end = last.getEnd();
    const lineEnd = text.indexOf("\n", end);
    const at = lineEnd < 0 ? text.length : lineEnd + 1;
    return `${text.slice(0, at)}${lines.join("\n")}\n${text.slice(at)}`;
  }
  const leading = /^(?:\s*(?:\/\/[^\n]*|\/\*[\s\S]*?\*\/)\n)*/.exec(text)?.[0] ?? "";
  const rest = text.slice(leading.length);
  return `${leading}${lines.join("\n")}\n${rest.length > 0 && !rest.startsWith("\n") ? "\n" : ""}${rest}`;
}

/** The stub lines as the file's new ending: one blank line before them, one newline after. */
function tailText(text: string, lines: readonly string[]): string {
  const separator = text.length === 0 ? "" : text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n";
  return `${separator}${lines.join("\n")}\n`;
}
