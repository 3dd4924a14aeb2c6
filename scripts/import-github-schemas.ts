/**
 * Imports GitHub webhook event schemas from @octokit/openapi-webhooks into schemas/github/.
 *
 *   npx tsx scripts/import-github-schemas.ts            # (re)write schemas/github/{events,defs}
 *   npx tsx scripts/import-github-schemas.ts --check    # exit 1 when the folder is stale
 *
 * Output is a pure function of the installed package: keys sorted, 2-space JSON, "\n" at the end.
 * The folder format (events/<name>.json, defs/<PascalName>.json, relative file $refs, keyword
 * subset) is described in docs/CONTRACTS.md.
 *
 * Event names: the operationId with "/" → "." and "-" → "_" (e.g. `pull-request/ready-for-review`
 * → `pull_request.ready_for_review`). The operationIds use kebab case, but GitHub delivers the
 * event as `X-GitHub-Event: pull_request` with `"action": "ready_for_review"`, so the catalog must
 * use the delivered spelling; the script cross-checks every name against the operation's
 * `x-github.subcategory` and the schema's `action` enum and fails on a mismatch.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { LOCAL_DEFINITIONS, SUPPORTED_KEYWORDS } from "../src/json-schema/keywords.js";
import { pascalCase } from "../src/manifest/naming.js"; // the one documented PascalCase rule
import { syncSchemaFolder } from "./lib/sync-schema-folder.js";

/**
 * Which events to import: `"*"` is every webhook of the description (the complete catalog); an
 * entry may also be an exact event name or a prefix ending in ".*" (all actions of that event).
 */
export const GITHUB_EVENTS: readonly string[] = ["*"];

/** JSON Schema keywords kept: the generator's subset (src/json-schema/keywords.ts) without local definitions. */
const KEPT: ReadonlySet<string> = new Set([...SUPPORTED_KEYWORDS].filter((k) => !(LOCAL_DEFINITIONS as readonly string[]).includes(k)));
/** Dropped silently: annotations or OpenAPI-isms without validation meaning. */
const DROPPED_ANNOTATIONS = new Set([
  "example",
  "examples",
  "default",
  "deprecated",
  "readOnly",
  "writeOnly",
  "externalDocs",
  "discriminator",
  "xml",
  "nullable", // converted, see below
]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

interface OpenApi {
  webhooks: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}
interface Operation {
  operationId: string;
  "x-github"?: { subcategory?: string };
  requestBody: { content: { "application/json": { schema: { $ref: string } } } };
}

const COMPONENT_PREFIX = "#/components/schemas/";

export function eventNameOf(operationId: string): string {
  return operationId.replace("/", ".").replaceAll("-", "_");
}

function selected(event: string, patterns: readonly string[]): boolean {
  if (patterns.includes("*")) return true;
  return patterns.some((p) => (p.endsWith(".*") ? event.startsWith(p.slice(0, -1)) : event === p));
}

/** Recursively sorts object keys (arrays keep their order). */
function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]!);
    return out;
  }
  return value;
}

export interface ImportResult {
  files: Map<string, string>; // relative path (events/x.json, defs/X.json) → contents
  dropped: Map<string, number>; // dropped validation keywords (not annotations) → count
}

export function importGitHubSchemas(spec: OpenApi, patterns: readonly string[] = GITHUB_EVENTS): ImportResult {
  const components = spec.components.schemas;
  const dropped = new Map<string, number>();
  const defNames = new Map<string, string>(); // PascalName → component name (collision check)
  const pendingDefs: string[] = [];
  const files = new Map<string, string>();

  const defFileName = (component: string): string => {
    if (!(component in components)) throw new Error(`unresolved $ref ${COMPONENT_PREFIX}${component}`);
    const name = pascalCase(component);
    const previous = defNames.get(name);
    if (previous === undefined) {
      defNames.set(name, component);
      pendingDefs.push(component);
    } else if (previous !== component) {
      throw new Error(`def name collision: components "${previous}" and "${component}" both become ${name}`);
    }
    return `${name}.json`;
  };

  /** Converts one schema node; `fromEvent` decides whether refs go to ../defs/ or ./ */
  const convert = (node: Json, fromEvent: boolean): Json => {
    if (Array.isArray(node)) return node.map((n) => convert(n, fromEvent));
    if (node === null || typeof node !== "object") return node;
    const out: Schema = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref") {
        const ref = value as string;
        if (!ref.startsWith(COMPONENT_PREFIX)) throw new Error(`unsupported $ref ${ref}`);
        out.$ref = (fromEvent ? "../defs/" : "./") + defFileName(ref.slice(COMPONENT_PREFIX.length));
      } else if (key === "properties") {
        const props: Schema = {};
        for (const [name, sub] of Object.entries(value as Schema)) props[name] = convert(sub, fromEvent);
        out.properties = props;
      } else if (key === "enum" || key === "const" || key === "required") {
        out[key] = value;
      } else if (key === "description" || key === "title" || key === "format" || key === "pattern") {
        out[key] = value;
      } else if (KEPT.has(key)) {
        out[key] = convert(value, fromEvent);
      } else if (key.startsWith("x-") || DROPPED_ANNOTATIONS.has(key)) {
        // annotation / vendor extension: dropped
      } else {
        dropped.set(key, (dropped.get(key) ?? 0) + 1);
      }
    }
    // OpenAPI 3.0 `nullable: true` (3.1 documents use type arrays; kept for robustness).
    if ((node as Schema).nullable === true) {
      const type = out.type;
      if (typeof type === "string") out.type = [type, "null"];
      else if (Array.isArray(type)) {
        if (!type.includes("null")) out.type = [...type, "null"];
      } else {
        const inner = { ...out };
        for (const k of Object.keys(out)) delete out[k];
        out.anyOf = [inner, { type: "null" }];
      }
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    }
    return out;
  };

  for (const [key, methods] of Object.entries(spec.webhooks)) {
    for (const operation of Object.values(methods)) {
      const event = eventNameOf(operation.operationId);
      if (!selected(event, patterns)) continue;
      const ref = operation.requestBody.content["application/json"].schema.$ref;
      if (!ref.startsWith(COMPONENT_PREFIX)) throw new Error(`${key}: unsupported request body ${ref}`);
      const component = components[ref.slice(COMPONENT_PREFIX.length)];
      if (!component) throw new Error(`${key}: unresolved ${ref}`);
      // Cross-check the name against what GitHub delivers (header + payload.action).
      // (the action enum sits on the schema itself or on each branch of a top-level oneOf)
      const branches = Array.isArray(component.oneOf) ? (component.oneOf as Schema[]) : [component];
      const actionSet = new Set<string>();
      for (const branch of branches) {
        const action = (branch.properties as Schema | undefined)?.action as Schema | undefined;
        for (const a of (action?.enum as string[] | undefined) ?? []) actionSet.add(a);
      }
      const actions = [...actionSet];
      // GitHub delivers the event name with underscores where the docs subcategory has hyphens.
      const subcategory = operation["x-github"]?.subcategory?.replaceAll("-", "_");
      const delivered = actions?.length === 1 ? `${subcategory}.${actions[0]}` : subcategory;
      // An action without an enum (repository_dispatch: the sender chooses it) is no part of the
      // catalog name: the bare event name is, and identify falls back to it.
      const name = actions.length === 0 && subcategory !== undefined && event.startsWith(`${subcategory}.`) ? subcategory : event;
      if (delivered !== name) throw new Error(`${key}: event name ${event} ≠ delivered name ${delivered}`);
      const path = `events/${name}.json`;
      if (files.has(path)) throw new Error(`duplicate event ${name}`);
      files.set(path, JSON.stringify(sortKeys(convert(component, true)), null, 2) + "\n");
    }
  }
  for (let component = pendingDefs.shift(); component !== undefined; component = pendingDefs.shift()) {
    files.set(`defs/${pascalCase(component)}.json`, JSON.stringify(sortKeys(convert(components[component]!, false)), null, 2) + "\n");
  }
  return { files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), dropped };
}

function main(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const require = createRequire(import.meta.url);
  const specPath = require.resolve("@octokit/openapi-webhooks/generated/api.github.com.json");
  const spec = JSON.parse(readFileSync(specPath, "utf8")) as OpenApi;
  const { files, dropped } = importGitHubSchemas(spec);
  const outDir = join(root, "schemas", "github");
  const check = process.argv.includes("--check");

  const stale = syncSchemaFolder(outDir, files, check);
  const events = [...files.keys()].filter((f) => f.startsWith("events/")).length;
  const defs = files.size - events;
  for (const [kw, n] of [...dropped].sort()) console.warn(`dropped keyword "${kw}" (${n}×): not in the schema subset`);
  if (check) {
    if (stale.length > 0) {
      console.error(`schemas/github is stale: ${stale.join(", ")}`);
      process.exit(1);
    }
    console.log(`schemas/github is up to date (${events} events, ${defs} defs)`);
  } else {
    console.log(`schemas/github: ${events} events, ${defs} defs (${stale.length} files changed)`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
