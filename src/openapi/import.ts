/**
 * An OpenAPI 3.1 document's `webhooks` → the files of a schema folder (docs/CONTRACTS.md):
 * `events/<event>.json` per webhook operation, `defs/<Name>.json` per referenced component and per
 * hoisted repeated shape. Pure: the caller reads the document and writes the files.
 */
import { appendPointer } from "../json-schema/index.js";
import { pascalCase } from "../manifest/naming.js";
import { componentOf, convertSchema, DEF_REF_PREFIX, type ConvertContext } from "./convert.js";
import { DEFAULT_DEDUPE, dedupeShapes, type DedupeOptions, type DedupeRoot } from "./dedupe.js";
import { schemaText } from "./json.js";
import { compareText, type ImportIssue, isObject, type Json, type JsonObject, OpenApiImportError } from "./types.js";
import { webhookOperations, type WebhookOperation } from "./webhooks.js";

/** How to import. */
export interface ImportOptions {
  /** The event name of an operation (default {@link defaultEventName}); may throw to refuse it. */
  readonly eventName?: (operation: WebhookOperation) => string;
  /** Which events to keep (default: all). */
  readonly select?: (event: string) => boolean;
  /** Structural dedupe of repeated object shapes (default {@link DEFAULT_DEDUPE}); `false` turns it off. */
  readonly dedupe?: false | Partial<Omit<DedupeOptions, "isReserved">>;
}

/** The schema folder's files, relative path (`events/x.json`, `defs/X.json`) → text, sorted by path. */
export interface ImportResult {
  readonly files: ReadonlyMap<string, string>;
  readonly events: readonly string[];
  /** Every def: referenced components and hoisted shapes. */
  readonly defs: readonly string[];
  /** The defs that structural dedupe introduced. */
  readonly hoisted: readonly string[];
}

const DEF_NAME = /^[A-Z][A-Za-z0-9]*$/;
/** Characters an event name cannot hold: it is a file name on every platform. */
const BAD_EVENT_CHARS = /[/\\<>:"|?*\s\u0000-\u001f]/;

/**
 * The generic event name: the webhook key when it has one operation (the usual case: one
 * `post`), otherwise the operation's `operationId`.
 */
export function defaultEventName(op: WebhookOperation): string {
  if (op.siblings === 1) return op.key;
  const id = op.operation["operationId"];
  if (typeof id !== "string" || id === "") throw new Error(`webhook "${op.key}" has ${op.siblings} operations: each needs an operationId to name its event`);
  return id;
}

/** Event names from operationIds for every webhook (the `--event-name operationId` rule). */
export function operationIdEventName(op: WebhookOperation): string {
  const id = op.operation["operationId"];
  if (typeof id !== "string" || id === "") throw new Error("the operation has no operationId to name its event");
  return id;
}

/**
 * Imports `document`.
 * @throws OpenApiImportError naming every problem (unsupported keywords and refs, missing bodies,
 * bad or duplicate event names, def name collisions) with its JSON pointer.
 */
export function importOpenApi(document: Json, options: ImportOptions = {}): ImportResult {
  const issues: ImportIssue[] = [];
  if (!isObject(document)) throw new OpenApiImportError([{ pointer: "", message: "the document must be a JSON/YAML object" }]);
  const version = document["openapi"];
  if (typeof version !== "string" || !/^3\.(?:[1-9]|\d{2,})\./.test(version)) {
    issues.push({ pointer: "/openapi", message: `expected an OpenAPI 3.1 document (openapi: 3.1.x), found ${JSON.stringify(version ?? null)}` });
  }
  const componentsValue = isObject(document["components"]) ? document["components"]["schemas"] : undefined;
  const components: JsonObject = isObject(componentsValue) ? componentsValue : {};

  // Components become defs when referenced, transitively; converted once each.
  const defNames = new Map<string, string>(); // def name → component
  const queue: string[] = [];
  const converted = new Map<string, Json>(); // component → converted schema
  const ctx: ConvertContext = {
    issues,
    defOf: (component) => {
      if (!(component in components)) return undefined;
      const name = pascalCase(component);
      const previous = defNames.get(name);
      if (previous === undefined) {
        defNames.set(name, component);
        queue.push(component);
        if (!DEF_NAME.test(name)) issues.push({ pointer: componentPointer(component), message: `component name ${JSON.stringify(component)} gives no PascalCase def name (${JSON.stringify(name)}) — rename it` });
      } else if (previous !== component) {
        issues.push({ pointer: componentPointer(component), message: `components "${previous}" and "${component}" would both become defs/${name}.json — rename one of them` });
      }
      return name;
    },
  };
  const convertComponent = (component: string): Json => {
    let schema = converted.get(component);
    if (schema === undefined) converted.set(component, (schema = convertSchema(components[component]!, componentPointer(component), ctx)));
    return schema;
  };

  const { operations, issues: webhookIssues } = webhookOperations(document);
  issues.push(...webhookIssues);
  const eventName = options.eventName ?? defaultEventName;
  const events = new Map<string, { schema: Json; pointer: string }>();
  for (const op of operations) {
    let name: string;
    try {
      name = eventName(op);
    } catch (error) {
      issues.push({ pointer: op.pointer, message: error instanceof Error ? error.message : String(error) });
      continue;
    }
    if (options.select !== undefined && !options.select(name)) continue;
    if (name === "" || name.startsWith(".") || BAD_EVENT_CHARS.test(name)) {
      issues.push({ pointer: op.pointer, message: `event name ${JSON.stringify(name)} cannot be a file name (no / \\ : * ? " < > |, whitespace or leading ".")` });
      continue;
    }
    const previous = events.get(name);
    if (previous !== undefined) {
      issues.push({ pointer: op.pointer, message: `event ${JSON.stringify(name)} is also the event of ${previous.pointer}` });
      continue;
    }
    // A body that is just a $ref to a component is inlined: the event file is the payload's schema.
    const whole = wholeComponentRef(op.schema);
    const schema = whole !== undefined && whole in components ? convertComponent(whole) : convertSchema(op.schema, op.schemaPointer, ctx);
    events.set(name, { schema, pointer: op.pointer });
  }
  for (let c = queue.shift(); c !== undefined; c = queue.shift()) convertComponent(c);
  if (issues.length > 0) throw new OpenApiImportError(dedupeIssues(issues));

  const roots: DedupeRoot[] = [
    ...[...events].map(([name, e]) => ({ file: `events/${name}.json`, name, schema: e.schema })),
    ...[...defNames].map(([name, component]) => ({ file: `defs/${name}.json`, name, def: name, schema: converted.get(component)! })),
  ];
  const reserved = new Set(["pick", ...[...events.keys()].map((e) => `${pascalCase(e)}Event`.toLowerCase())]);
  const { roots: out, hoisted } =
    options.dedupe === false
      ? { roots: new Map(roots.map((r) => [r.file, r.schema])), hoisted: new Map<string, Json>() }
      : dedupeShapes(roots, {
          ...DEFAULT_DEDUPE,
          ...options.dedupe,
          // Names codegen gives event interfaces and event maps (`<Event>Event`, `<Display>…Events`, `Pick`).
          isReserved: (name) => reserved.has(name.toLowerCase()) || name.endsWith("Events"),
        });

  const files = new Map<string, string>();
  for (const [file, schema] of out) files.set(file, schemaText(fileRefs(schema, file.startsWith("events/") ? "../defs/" : "./")));
  for (const [name, schema] of hoisted) files.set(`defs/${name}.json`, schemaText(fileRefs(schema, "./")));
  const defs = [...defNames.keys(), ...hoisted.keys()].sort(compareText);
  return {
    files: new Map([...files].sort(([a], [b]) => compareText(a, b))),
    events: [...events.keys()].sort(compareText),
    defs,
    hoisted: [...hoisted.keys()],
  };
}

function componentPointer(component: string): string {
  return appendPointer("/components/schemas", component);
}

/** The component of a schema that is only a `$ref` (annotations aside), else undefined. */
function wholeComponentRef(schema: Json): string | undefined {
  if (!isObject(schema) || typeof schema["$ref"] !== "string") return undefined;
  const others = Object.keys(schema).filter((k) => k !== "$ref" && k !== "description" && k !== "summary" && k !== "title");
  return others.length === 0 ? componentOf(schema["$ref"]) : undefined;
}

/** Internal `#/defs/X` refs → the folder's relative file refs (`../defs/X.json` or `./X.json`). */
function fileRefs(node: Json, prefix: string): Json {
  if (Array.isArray(node)) return node.map((n) => fileRefs(n, prefix));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string" && value.startsWith(DEF_REF_PREFIX)) out[key] = `${prefix}${value.slice(DEF_REF_PREFIX.length)}.json`;
    else if (key === "enum" || key === "const") out[key] = value; // data: a "$ref" key there is no ref
    else out[key] = fileRefs(value, prefix);
  }
  return out;
}

function dedupeIssues(issues: readonly ImportIssue[]): ImportIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.pointer}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
