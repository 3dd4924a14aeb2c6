/**
 * Derives schemas/stripe/ (docs/CONTRACTS.md folder format): every event of stripe-node's
 * `Stripe.Event` union, each with its resource in `data.object` (one shared def per resource).
 *
 *   npx tsx scripts/derive-stripe-schemas.ts [path/to/fixtures3.json]        # write
 *   npx tsx scripts/derive-stripe-schemas.ts [path/to/fixtures3.json] --check
 *
 * There is no Stripe OpenAPI description in this repository. Two inputs, both MIT (Stripe, Inc.):
 *  - Stripe's fixtures (`fixtures3.json`, default ../shared/data/stripe/fixtures3.json beside the repository):
 *    one example object per API resource. They decide WHICH properties must exist: every property
 *    present in a fixture object (at every depth) is listed, so strict validation
 *    (`additionalProperties: false`) accepts Stripe's own example.
 *  - The typings of stripe-node (`node_modules/stripe/esm/resources/*.d.ts`, read with the
 *    TypeScript compiler API): the catalog (the `Stripe.Event` union of Events.d.ts: each member's
 *    `type` and `data.object`), and per resource property types, nullability, optionality, enums
 *    and descriptions, including properties that are null or absent in the fixtures. The fixture
 *    resources used are also copied to test/fixtures/stripe/resources.json, which is the fallback
 *    input when fixtures3.json is absent and the input of the conformance test.
 *
 * Rules (documented in schemas/stripe/README.md):
 *  - a resource without a fixture is derived from the typings alone: its top-level properties are
 *    typed, `required` = non-optional in stripe-node, nested objects are open.
 *  - every object the fixture shows is expanded with ALL its documented properties; `required` =
 *    non-optional in stripe-node AND present in the fixture; documented objects the fixture does not
 *    show are left open (`type: object`, `additionalProperties: true`) to keep the catalog small.
 *  - expandable fields (`string | Customer | …`) are id strings, as in webhook payloads; where the
 *    fixture shows an expanded object the schema also accepts `ExpandedObject`.
 *  - `number` → `integer` (Stripe amounts and timestamps), except percentages/rates and
 *    non-integral fixture values → `number`. `Decimal` → string.
 *  - string unions with `OtherString` are open in stripe-node (Stripe adds values): plain `string`,
 *    except the status-like fields in CLOSED_ENUMS, which are closed enums so handlers can narrow.
 *  - `Metadata` → object of strings.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { syncSchemaFolder } from "../src/cli/schema-folder.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const typingsDir = join(root, "node_modules", "stripe", "esm", "resources");

const eventsFile = join(typingsDir, "Events.d.ts");

/**
 * One program over stripe-node's Events.d.ts (it imports every resource it names), shared by the
 * catalog and the derivation.
 */
let sharedProgram: ts.Program | undefined;
function stripeProgram(): ts.Program {
  sharedProgram ??= ts.createProgram([eventsFile], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
    strict: true,
  });
  return sharedProgram;
}

/** A resource that some event carries in `data.object`. */
export interface StripeResource {
  /** Typings file under node_modules/stripe/esm/resources/, e.g. `Checkout/Sessions.d.ts`. */
  file: string;
  /** Interface name in that file, e.g. `Session`. */
  iface: string;
  /** The resource's `object` value, which is also its key in fixtures3.json (`checkout.session`). */
  object: string;
}

/**
 * The catalog, read from stripe-node's `Stripe.Event` union: every member's `type` literal and the
 * resource(s) of its `data.object`. A resource's def name is its typings folder plus interface name
 * (`Checkout/Sessions.d.ts` `Session` → `CheckoutSession`, `Charges.d.ts` `Charge` → `Charge`).
 */
function readCatalog(): {
  events: Record<string, string[]>;
  resources: Record<string, StripeResource>;
  aliases: Record<string, string[]>;
} {
  const program = stripeProgram();
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(eventsFile);
  if (!source) throw new Error(`stripe typings not found: ${eventsFile}`);
  const alias = source.statements.find((s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === "Event");
  if (!alias) throw new Error("type Event not found in Events.d.ts");
  const union = checker.getTypeAtLocation(alias);
  if (!union.isUnion()) throw new Error("Stripe.Event is not a union");
  const events: Record<string, string[]> = {};
  const resources: Record<string, StripeResource> = {};
  const aliases: Record<string, string[]> = {};
  const aliasOf: Record<string, string> = {};
  const prop = (t: ts.Type, name: string): ts.Type => {
    const symbol = t.getProperty(name);
    if (!symbol) throw new Error(`${checker.typeToString(t)} has no property ${name}`);
    return checker.getTypeOfSymbol(symbol);
  };
  for (const member of union.types) {
    const type = prop(member, "type");
    if (!type.isStringLiteral()) throw new Error(`${checker.typeToString(member)}: type is not a literal`);
    const object = prop(prop(member, "data"), "object");
    const defs: string[] = [];
    for (const part of object.isUnion() ? object.types : [object]) {
      const symbol = part.getSymbol();
      const decl = symbol?.declarations?.find(ts.isInterfaceDeclaration);
      if (!symbol || !decl) throw new Error(`${type.value}: data.object is not an interface`);
      const file = decl.getSourceFile().fileName.slice(typingsDir.length + 1);
      const objectLiteral = prop(part, "object");
      if (!objectLiteral.isStringLiteral()) throw new Error(`${type.value}: ${symbol.name}.object is not a literal`);
      const folder = file.includes("/") ? file.slice(0, file.lastIndexOf("/")).replaceAll("/", "") : "";
      const def = folder + symbol.name;
      const known = resources[def];
      if (known && (known.file !== file || known.iface !== symbol.name)) throw new Error(`def name ${def} collides: ${known.file} and ${file}`);
      resources[def] = { file, iface: symbol.name, object: objectLiteral.value };
      defs.push(def);
    }
    events[type.value] = defs.sort();
    // A named union (`ExternalAccount = BankAccount | Card`, `CustomerSource`) becomes a def too.
    if (object.isUnion() && object.aliasSymbol) {
      aliases[object.aliasSymbol.name] = defs;
      aliasOf[type.value] = object.aliasSymbol.name;
    }
  }
  for (const name of Object.keys(aliases)) if (name in resources) throw new Error(`def name ${name} collides`);
  STRIPE_EVENT_ALIASES = aliasOf;
  const sortedKeys = <T>(o: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { events: sortedKeys(events), resources: sortedKeys(resources), aliases: sortedKeys(aliases) };
}

/** Event → the named union def its `data.object` refers to (`customer.source.*` → CustomerSource). */
export let STRIPE_EVENT_ALIASES: Readonly<Record<string, string>> = {};
const catalog = readCatalog();
/** Named union def → its member defs (`ExternalAccount` → BankAccount, Card). */
export const STRIPE_UNIONS: Readonly<Record<string, readonly string[]>> = catalog.aliases;
/** Def name → resource (sorted). */
export const STRIPE_RESOURCES: Readonly<Record<string, StripeResource>> = catalog.resources;
/** The catalog: event name → the def(s) its `data.object` may be (several for e.g. `customer.source.*`). */
export const STRIPE_EVENTS: Readonly<Record<string, readonly string[]>> = catalog.events;

/** Status-like fields that become closed enums (`<def>.<property>`). Everything else stays open. */
const CLOSED_ENUMS = new Set([
  "Charge.status",
  "CheckoutSession.mode",
  "CheckoutSession.payment_status",
  "CheckoutSession.status",
  "Invoice.status",
  "PaymentIntent.status",
  "Subscription.status",
]);

/** Other stripe-node interfaces that become shared defs (interface name → def name). */
const SHARED_DEFS: Record<string, string> = { Address: "Address" };

/**
 * Properties the fixtures show but stripe-node 23 no longer types (older API versions still send
 * them). Typed from Stripe's API reference of the version that had them.
 */
const FIXTURE_ONLY: Record<string, Schema> = {
  "Invoice.subscription": {
    description:
      "The subscription that this invoice was prepared for, if any (API versions before 2025-03-31.basil; newer versions use `parent.subscription_details.subscription`).",
    type: ["string", "null"],
  },
};

const FLOAT_NAMES = /(percent|percentage|_rate$|^rate$)/;

const ENVELOPE_DESCRIPTION =
  "A Stripe Event as delivered to a webhook endpoint (https://docs.stripe.com/api/events/object).";

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]!);
    return out;
  }
  return value;
}
const serialise = (schema: Json): string => JSON.stringify(sortKeys(schema), null, 2) + "\n";

function typeWithNull(schema: Schema, nullable: boolean): Schema {
  if (!nullable) return schema;
  if ("const" in schema) {
    const { const: value, ...rest } = schema;
    return typeWithNull({ ...rest, enum: [value!] }, true);
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) return typeWithNull({ ...schema, enum: [...schema.enum, null] }, true);
  if (typeof schema.type === "string") return { ...schema, type: [schema.type, "null"] };
  if (Array.isArray(schema.type)) return schema.type.includes("null") ? schema : { ...schema, type: [...schema.type, "null"] };
  return { anyOf: [schema, { type: "null" }] };
}

export function deriveStripeSchemas(fixtures: { resources: Record<string, Json> }): {
  files: Map<string, string>;
  warnings: string[];
  resources: Record<string, Json>;
} {
  const program = stripeProgram();
  const checker = program.getTypeChecker();
  const warnings: string[] = [];
  const defs = new Map<string, Schema>();
  const pendingDefs: Array<() => void> = [];
  let usesExpanded = false;

  const interfaceType = (file: string, name: string): ts.Type => {
    const source = program.getSourceFile(join(typingsDir, file));
    if (!source) throw new Error(`stripe typings not found: ${file}`);
    const decl = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
    if (!decl) throw new Error(`interface ${name} not found in ${file}`);
    return checker.getTypeAtLocation(decl);
  };

  const describe = (symbol: ts.Symbol): string | undefined => {
    const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    return text === "" ? undefined : text;
  };

  const symbolName = (type: ts.Type): string | undefined => (type.aliasSymbol ?? type.getSymbol())?.getName();

  const isOtherString = (t: ts.Type): boolean => (t.flags & ts.TypeFlags.Intersection) !== 0;

  /** `where` is `<Def>.<path>` for messages; `closedKey` is `<Def>.<property>` at the top level. */
  const convert = (type: ts.Type, fixture: Json | undefined, where: string, closedKey?: string): Schema => {
    if ((type.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) !== 0) return {}; // documented as `unknown`: any JSON value
    const members = type.isUnion() ? type.types : [type];
    const nullable = members.some((t) => (t.flags & ts.TypeFlags.Null) !== 0);
    const rest = members.filter((t) => (t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) === 0);
    const literals = rest.filter((t) => t.isStringLiteral()).map((t) => (t as ts.StringLiteralType).value);
    const open = rest.some(isOtherString);
    const hasString = rest.some((t) => (t.flags & ts.TypeFlags.String) !== 0) || open;
    const booleans = rest.filter((t) => (t.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) !== 0);
    const numbers = rest.filter((t) => (t.flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) !== 0);
    const objects = rest.filter((t) => (t.flags & ts.TypeFlags.Object) !== 0);
    const kinds = [literals.length > 0 || hasString, booleans.length > 0, numbers.length > 0, objects.length > 0].filter(Boolean).length;
    const propName = where.slice(where.lastIndexOf(".") + 1);

    if (kinds === 0) throw new Error(`${where}: cannot map type ${checker.typeToString(type)}`);
    if (objects.length > 0 && (literals.length > 0 || hasString)) {
      // Expandable field (id string or the expanded object); Decimal is a string on the wire too.
      if (objects.every((o) => symbolName(o) === "Decimal")) return typeWithNull({ type: "string" }, nullable);
      if (fixture !== null && typeof fixture === "object" && !Array.isArray(fixture)) {
        usesExpanded = true;
        return typeWithNull({ anyOf: [{ type: "string" }, { $ref: "./ExpandedObject.json" }] }, nullable);
      }
      return typeWithNull({ type: "string" }, nullable);
    }
    if (kinds > 1) throw new Error(`${where}: mixed union ${checker.typeToString(type)}`);
    if (literals.length > 0) {
      if (!open && literals.length === 1) return typeWithNull({ const: literals[0]!, type: "string" }, nullable);
      if (!open || (closedKey !== undefined && CLOSED_ENUMS.has(closedKey))) {
        if (typeof fixture === "string" && !literals.includes(fixture)) throw new Error(`${where}: fixture value ${fixture} not in enum`);
        return typeWithNull({ enum: [...literals].sort(), type: "string" }, nullable);
      }
      return typeWithNull({ type: "string" }, nullable);
    }
    if (hasString) return typeWithNull({ type: "string" }, nullable);
    if (booleans.length > 0) return typeWithNull({ type: "boolean" }, nullable);
    if (numbers.length > 0) {
      const float = FLOAT_NAMES.test(propName) || (typeof fixture === "number" && !Number.isInteger(fixture));
      return typeWithNull({ type: float ? "number" : "integer" }, nullable);
    }
    // objects
    if (objects.length > 1) {
      // e.g. CustomerSource = Account | BankAccount | Card | Source: pick by the fixture's `object`.
      const tag = fixture !== null && typeof fixture === "object" && !Array.isArray(fixture) ? fixture.object : undefined;
      const picked = objects.find((o) => {
        const p = o.getProperty("object");
        const t = p && checker.getTypeOfSymbol(p);
        return t?.isStringLiteral() && t.value === tag;
      });
      if (!picked) return typeWithNull({ additionalProperties: true, type: "object", description: `One of: ${objects.map((o) => symbolName(o)).sort().join(", ")}.` }, nullable);
      return typeWithNull(convertObject(picked, fixture, where), nullable);
    }
    return typeWithNull(convertObject(objects[0]!, fixture, where), nullable);
  };

  const convertObject = (type: ts.Type, fixture: Json | undefined, where: string): Schema => {
    const name = symbolName(type);
    if (checker.isArrayType(type)) {
      const [element] = checker.getTypeArguments(type as ts.TypeReference);
      const first = Array.isArray(fixture) ? fixture[0] : undefined;
      return { items: convert(element!, first, `${where}[]`), type: "array" };
    }
    if (name === "Metadata") return { additionalProperties: { type: "string" }, type: "object" };
    if (name === "ApiList") {
      const data = type.getProperty("data")!;
      const list = fixture !== null && typeof fixture === "object" && !Array.isArray(fixture) ? fixture : undefined;
      return {
        properties: {
          data: convert(checker.getTypeOfSymbol(data), list?.data, `${where}.data`),
          has_more: { type: "boolean" },
          object: { const: "list", type: "string" },
          url: { type: "string" },
        },
        required: ["data", "has_more", "object", "url"],
        type: "object",
      };
    }
    if (name !== undefined && name in SHARED_DEFS) {
      const def = SHARED_DEFS[name]!;
      if (!defs.has(def)) {
        // Expanded after the resources; a shared def is guided by the first fixture value seen.
        defs.set(def, {});
        pendingDefs.push(() => defs.set(def, expand(type, fixture, def)));
      }
      return { $ref: `./${def}.json` };
    }
    const index = checker.getIndexInfosOfType(type);
    if (index.length > 0 && type.getProperties().length === 0) {
      return { additionalProperties: convert(index[0]!.type, undefined, `${where}[*]`), type: "object" };
    }
    if (fixture === undefined || fixture === null || typeof fixture !== "object" || Array.isArray(fixture)) {
      // Documented object the fixture does not show: left open (see the header).
      return { additionalProperties: true, type: "object" };
    }
    return expand(type, fixture, where);
  };

  /** `typingsOnly`: a resource without a fixture; `required` = non-optional in stripe-node. */
  const expand = (type: ts.Type, fixture: Json | undefined, where: string, typingsOnly = false): Schema => {
    const shown = fixture !== null && typeof fixture === "object" && !Array.isArray(fixture) ? fixture : {};
    const properties: Schema = {};
    const required: string[] = [];
    const isDef = !where.includes(".");
    for (const prop of type.getProperties()) {
      const key = prop.getName();
      const propType = checker.getTypeOfSymbol(prop);
      const parts = propType.isUnion() ? propType.types : [propType];
      if (parts.every((t) => (t.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined)) !== 0)) continue; // `deleted?: void` markers
      let schema = convert(propType, shown[key], `${where}.${key}`, isDef ? `${where}.${key}` : undefined);
      const description = describe(prop);
      if (description !== undefined && !("$ref" in schema)) schema = { ...schema, description };
      properties[key] = schema;
      const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
      if (!optional && (typingsOnly || key in shown)) required.push(key);
      else if (!optional) warnings.push(`${where}.${key}: documented as always present but missing in the fixture (not required)`);
    }
    for (const key of Object.keys(shown)) {
      if (key in properties) continue;
      const known = FIXTURE_ONLY[`${where}.${key}`];
      if (known !== undefined) {
        properties[key] = known;
        continue;
      }
      warnings.push(`${where}.${key}: in the fixture but not in stripe-node's typings; typed from the fixture value`);
      properties[key] = inferFromValue(shown[key]!, `${where}.${key}`);
    }
    const out: Schema = { properties, type: "object" };
    if (required.length > 0) out.required = required.sort();
    return out;
  };

  const inferFromValue = (value: Json, where: string): Schema => {
    if (value === null) {
      warnings.push(`${where}: only null is known; schema is {} (any)`);
      return {};
    }
    if (typeof value === "string") return { type: "string" };
    if (typeof value === "boolean") return { type: "boolean" };
    if (typeof value === "number") return { type: Number.isInteger(value) ? "integer" : "number" };
    if (Array.isArray(value)) return value.length > 0 ? { items: inferFromValue(value[0]!, `${where}[]`), type: "array" } : { type: "array" };
    const properties: Schema = {};
    for (const [k, v] of Object.entries(value)) properties[k] = inferFromValue(v, `${where}.${k}`);
    return { properties, required: Object.keys(value).sort(), type: "object" };
  };

  const resources: Record<string, Json> = {};
  for (const [def, { file, iface, object }] of Object.entries(STRIPE_RESOURCES)) {
    const fixture = fixtures.resources[object];
    if (fixture !== undefined) resources[object] = fixture;
    else warnings.push(`${def}: no fixture "${object}"; derived from stripe-node's typings alone`);
    const schema = expand(interfaceType(file, iface), fixture, def, fixture === undefined);
    const description = describe(interfaceType(file, iface).getSymbol()!);
    defs.set(def, description === undefined ? schema : { ...schema, description });
  }
  for (let job = pendingDefs.shift(); job !== undefined; job = pendingDefs.shift()) job();
  if (usesExpanded) {
    defs.set("ExpandedObject", {
      additionalProperties: true,
      description:
        "An expanded related object (`expand[]`). Webhook payloads normally carry the id string instead; only `id` and `object` are modelled.",
      properties: { id: { type: "string" }, object: { type: "string" } },
      required: ["id", "object"],
      type: "object",
    });
  }

  for (const [name, members] of Object.entries(STRIPE_UNIONS)) {
    defs.set(name, {
      anyOf: members.map((m) => ({ $ref: `./${m}.json` })),
      description: `stripe-node's \`${name}\`: one of ${members.join(", ")} (told apart by \`object\`).`,
    });
  }

  // Shared envelope parts (hand-written; https://docs.stripe.com/api/events/object).
  defs.set("EventRequest", {
    description: "Information on the API request that triggered the event; null for automatic events.",
    properties: {
      id: { description: "ID of the API request that caused the event; null for automatic events.", type: ["string", "null"] },
      idempotency_key: { description: "The idempotency key transmitted during the request, if any.", type: ["string", "null"] },
    },
    required: ["id", "idempotency_key"],
    type: ["object", "null"],
  });
  defs.set("PreviousAttributes", {
    additionalProperties: true,
    description:
      "For *.updated events: the names of the changed attributes with their previous values (a partial resource, so left open).",
    type: "object",
  });

  const files = new Map<string, string>();
  for (const [name, schema] of defs) files.set(`defs/${name}.json`, serialise(schema));
  for (const [event, resource] of Object.entries(STRIPE_EVENTS)) {
    const alias = STRIPE_EVENT_ALIASES[event];
    files.set(`events/${event}.json`, serialise(envelope(event, alias === undefined ? resource : [alias])));
  }
  return { files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1))), warnings, resources };
}

function envelope(event: string, resources: readonly string[]): Schema {
  const object: Schema =
    resources.length === 1 ? { $ref: `../defs/${resources[0]!}.json` } : { anyOf: resources.map((r) => ({ $ref: `../defs/${r}.json` })) };
  return {
    description: ENVELOPE_DESCRIPTION,
    properties: {
      account: { description: "The connected account that originates the event (Connect only).", type: "string" },
      api_version: {
        description: "The Stripe API version used to render `data`; null for events before 2017-05-25.",
        type: ["string", "null"],
      },
      context: { description: "Authentication context needed to fetch the event or related object.", type: "string" },
      created: { description: "Time at which the object was created. Measured in seconds since the Unix epoch.", type: "integer" },
      data: {
        properties: {
          object,
          previous_attributes: { $ref: "../defs/PreviousAttributes.json" },
        },
        required: ["object"],
        type: "object",
      },
      id: { description: "Unique identifier for the object.", pattern: "^evt_", type: "string" },
      livemode: { type: "boolean" },
      object: { const: "event", type: "string" },
      pending_webhooks: {
        description: "Number of webhooks that haven't been successfully delivered (for example, to return a 20x response) to the URLs you specify.",
        type: "integer",
      },
      request: { $ref: "../defs/EventRequest.json" },
      type: { const: event, type: "string" },
    },
    required: ["api_version", "created", "data", "id", "livemode", "object", "pending_webhooks", "request", "type"],
    title: event,
    type: "object",
  };
}

function main(): void {
  const args = process.argv.slice(2);
  const check = args.includes("--check");
  // Default: Stripe's fixtures beside the repository; without them, the vendored copy of the
  // resources the schemas use (test/fixtures/stripe/resources.json, same `{ resources }` shape).
  const shared = join(root, "..", "shared", "data", "stripe", "fixtures3.json");
  const vendored = join(root, "test", "fixtures", "stripe", "resources.json");
  const fixturesPath = args.find((a) => !a.startsWith("--")) ?? (existsSync(shared) ? shared : vendored);
  const parsed = JSON.parse(readFileSync(fixturesPath, "utf8")) as Record<string, Json>;
  // fixtures3.json is `{ resources: {…} }`; the vendored copy is the resources object itself.
  const fixtures = ("resources" in parsed ? parsed : { resources: parsed }) as { resources: Record<string, Json> };
  const { files, warnings, resources } = deriveStripeSchemas(fixtures);
  files.set("../../test/fixtures/stripe/resources.json", serialise(resources));
  const outDir = join(root, "schemas", "stripe");
  const stale = syncSchemaFolder(outDir, files, check).map((change) => change.path);
  for (const w of warnings) console.warn(`note: ${w}`);
  if (check && stale.length > 0) {
    console.error(`schemas/stripe is stale: ${stale.join(", ")}`);
    process.exit(1);
  }
  console.log(`schemas/stripe: ${[...files.keys()].filter((f) => f.startsWith("events/")).length} events, ${[...files.keys()].filter((f) => f.startsWith("defs/")).length} defs (${stale.length} files changed)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
