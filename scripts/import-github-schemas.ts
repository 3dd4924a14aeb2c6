/**
 * Imports GitHub webhook event schemas from @octokit/openapi-webhooks into schemas/github/.
 *
 *   npx tsx scripts/import-github-schemas.ts            # (re)write schemas/github/{events,defs}
 *   npx tsx scripts/import-github-schemas.ts --check    # exit 1 when the folder is stale
 *
 * The conversion is the generic OpenAPI importer (src/openapi/, docs/import-openapi.md: keyword
 * subset, refs, structural dedupe); this script adds only what is GitHub's own: event names.
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
import { importOpenApi, isObject, type Json, type JsonObject, type WebhookOperation } from "../src/openapi/index.js";
import { syncSchemaFolder } from "../src/cli/schema-folder.js";

/**
 * Which events to import: `"*"` is every webhook of the description (the complete catalog); an
 * entry may also be an exact event name or a prefix ending in ".*" (all actions of that event).
 */
export const GITHUB_EVENTS: readonly string[] = ["*"];

/** `pull-request/ready-for-review` → `pull_request.ready_for_review`. */
export function eventNameOf(operationId: string): string {
  return operationId.replace("/", ".").replaceAll("-", "_");
}

function selected(event: string, patterns: readonly string[]): boolean {
  if (patterns.includes("*")) return true;
  return patterns.some((p) => (p.endsWith(".*") ? event.startsWith(p.slice(0, -1)) : event === p));
}

/**
 * GitHub's event name of one webhook operation, cross-checked against what GitHub delivers
 * (the header is the subcategory, the body's `action` the rest). Throws on a mismatch.
 */
function gitHubEventName(spec: JsonObject): (op: WebhookOperation) => string {
  return (op) => {
    const operationId = op.operation["operationId"];
    if (typeof operationId !== "string") throw new Error("no operationId");
    const event = eventNameOf(operationId);
    // The action enum sits on the body's schema itself or on each branch of a top-level oneOf.
    const component = resolveComponent(spec, op.schema);
    const branches = Array.isArray(component["oneOf"]) ? component["oneOf"] : [component];
    const actionSet = new Set<string>();
    for (const branch of branches) {
      const properties = isObject(branch) ? branch["properties"] : undefined;
      const action = isObject(properties) ? properties["action"] : undefined;
      const values = isObject(action) && Array.isArray(action["enum"]) ? action["enum"] : [];
      for (const a of values) if (typeof a === "string") actionSet.add(a);
    }
    const actions = [...actionSet];
    const xGithub = op.operation["x-github"];
    const raw = isObject(xGithub) ? xGithub["subcategory"] : undefined;
    // GitHub delivers the event name with underscores where the docs subcategory has hyphens.
    const subcategory = typeof raw === "string" ? raw.replaceAll("-", "_") : undefined;
    const delivered = actions.length === 1 ? `${subcategory}.${actions[0]}` : subcategory;
    // An action without an enum (repository_dispatch: the sender chooses it) is no part of the
    // catalog name: the bare event name is, and identify falls back to it.
    const name = actions.length === 0 && subcategory !== undefined && event.startsWith(`${subcategory}.`) ? subcategory : event;
    if (delivered !== name) throw new Error(`event name ${event} ≠ delivered name ${delivered}`);
    return name;
  };
}

/** The schema a body `$ref` points at (GitHub's bodies are `#/components/schemas/webhook-…`). */
function resolveComponent(spec: JsonObject, schema: Json): JsonObject {
  const ref = isObject(schema) ? schema["$ref"] : undefined;
  const prefix = "#/components/schemas/";
  if (typeof ref !== "string" || !ref.startsWith(prefix)) return isObject(schema) ? schema : {};
  const components = isObject(spec["components"]) ? spec["components"]["schemas"] : undefined;
  const target = isObject(components) ? components[ref.slice(prefix.length)] : undefined;
  return isObject(target) ? target : {};
}

/** What the importer produced; `dropped` stays for callers of the former API: unsupported keywords are now errors. */
export interface ImportResult {
  files: Map<string, string>; // relative path (events/x.json, defs/X.json) → contents
  dropped: Map<string, number>; // always empty: the importer refuses instead of dropping
  hoisted: readonly string[];
}

/** The schemas/github files for the description `spec` (`dedupe: false` only to measure what dedupe saves). */
export function importGitHubSchemas(spec: Json, patterns: readonly string[] = GITHUB_EVENTS, dedupe = true): ImportResult {
  if (!isObject(spec)) throw new Error("the GitHub description is not an object");
  const result = importOpenApi(spec, {
    eventName: gitHubEventName(spec),
    select: (event) => selected(event, patterns),
    ...(dedupe ? {} : { dedupe: false }),
  });
  return { files: new Map(result.files), dropped: new Map(), hoisted: result.hoisted };
}

function main(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const require = createRequire(import.meta.url);
  const specPath = require.resolve("@octokit/openapi-webhooks/generated/api.github.com.json");
  const spec = JSON.parse(readFileSync(specPath, "utf8")) as Json;
  const { files, hoisted } = importGitHubSchemas(spec);
  const outDir = join(root, "schemas", "github");
  const check = process.argv.includes("--check");

  const stale = syncSchemaFolder(outDir, files, check).map((change) => change.path);
  const events = [...files.keys()].filter((f) => f.startsWith("events/")).length;
  const defs = files.size - events;
  const summary = `${events} events, ${defs} defs of which ${hoisted.length} hoisted shapes`;
  if (check) {
    if (stale.length > 0) {
      console.error(`schemas/github is stale: ${stale.join(", ")}`);
      process.exit(1);
    }
    console.log(`schemas/github is up to date (${summary})`);
  } else {
    console.log(`schemas/github: ${summary} (${stale.length} files changed)`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
