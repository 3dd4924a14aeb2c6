/**
 * Derives schemas/stripe/ (docs/CONTRACTS.md folder format) for the starter Stripe catalog.
 *
 *   npx tsx scripts/derive-stripe-schemas.ts [path/to/fixtures3.json]        # write
 *   npx tsx scripts/derive-stripe-schemas.ts [path/to/fixtures3.json] --check
 *
 * There is no Stripe OpenAPI description in this repository. Two inputs, both MIT (Stripe, Inc.):
 *  - Stripe's fixtures (`fixtures3.json`, default ../shared/data/stripe/fixtures3.json beside the repository):
 *    one example object per API resource. They decide WHICH properties must exist: every property
 *    present in a fixture object (at every depth) is listed, so strict validation
 *    (`additionalProperties: false`) accepts Stripe's own example.
 *  - The object typings of stripe-node (`node_modules/stripe/esm/resources/*.d.ts`, read with the
 *    TypeScript compiler API): property types, nullability, optionality, enums and descriptions,
 *    including properties that are null or absent in the fixtures. The fixtures' five resources are
 *    also copied to test/fixtures/stripe/resources.json for the conformance test.
 *
 * Rules (documented in schemas/stripe/README.md):
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
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { syncSchemaFolder } from "./lib/sync-schema-folder.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const typingsDir = join(root, "node_modules", "stripe", "esm", "resources");

/** Resource → [fixture key, typings file, interface name]. The def name is the key. */
export const STRIPE_RESOURCES = {
  Charge: ["charge", "Charges.d.ts", "Charge"],
  CheckoutSession: ["checkout.session", "Checkout/Sessions.d.ts", "Session"],
  Invoice: ["invoice", "Invoices.d.ts", "Invoice"],
  PaymentIntent: ["payment_intent", "PaymentIntents.d.ts", "PaymentIntent"],
  Subscription: ["subscription", "Subscriptions.d.ts", "Subscription"],
} as const;
type ResourceName = keyof typeof STRIPE_RESOURCES;

/** The catalog: event name → resource in `data.object`. */
export const STRIPE_EVENTS: Record<string, ResourceName> = {
  "charge.succeeded": "Charge",
  "checkout.session.completed": "CheckoutSession",
  "customer.subscription.created": "Subscription",
  "customer.subscription.deleted": "Subscription",
  "customer.subscription.updated": "Subscription",
  "invoice.paid": "Invoice",
  "payment_intent.payment_failed": "PaymentIntent",
  "payment_intent.succeeded": "PaymentIntent",
};

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
  const program = ts.createProgram(
    Object.values(STRIPE_RESOURCES).map(([, file]) => join(typingsDir, file)),
    { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true, strict: true },
  );
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
      if (!picked) return typeWithNull({ additionalProperties: true, type: "object", description: `One of: ${objects.map((o) => symbolName(o)).join(", ")}.` }, nullable);
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

  const expand = (type: ts.Type, fixture: Json | undefined, where: string): Schema => {
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
      if (!optional && key in shown) required.push(key);
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
  for (const [def, [fixtureKey, file, iface]] of Object.entries(STRIPE_RESOURCES)) {
    const fixture = fixtures.resources[fixtureKey];
    if (fixture === undefined) throw new Error(`fixture ${fixtureKey} missing`);
    resources[fixtureKey] = fixture;
    const schema = expand(interfaceType(file, iface), fixture, def);
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
    files.set(`events/${event}.json`, serialise(envelope(event, resource)));
  }
  return { files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1))), warnings, resources };
}

function envelope(event: string, resource: string): Schema {
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
          object: { $ref: `../defs/${resource}.json` },
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
  const fixturesPath = args.find((a) => !a.startsWith("--")) ?? join(root, "..", "shared", "data", "stripe", "fixtures3.json");
  const fixtures = JSON.parse(readFileSync(fixturesPath, "utf8")) as { resources: Record<string, Json> };
  const { files, warnings, resources } = deriveStripeSchemas(fixtures);
  files.set("../../test/fixtures/stripe/resources.json", serialise(resources));
  const outDir = join(root, "schemas", "stripe");
  const stale = syncSchemaFolder(outDir, files, check);
  for (const w of warnings) console.warn(`note: ${w}`);
  if (check && stale.length > 0) {
    console.error(`schemas/stripe is stale: ${stale.join(", ")}`);
    process.exit(1);
  }
  console.log(`schemas/stripe: ${[...files.keys()].filter((f) => f.startsWith("events/")).length} events, ${[...files.keys()].filter((f) => f.startsWith("defs/")).length} defs (${stale.length} files changed)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
