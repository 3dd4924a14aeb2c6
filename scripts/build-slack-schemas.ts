/**
 * Writes schemas/slack/ (docs/CONTRACTS.md folder format): the Events API `event_callback`
 * envelope around every inner event type @slack/types describes, each typed field by field from
 * its interface (read with the TypeScript compiler API from node_modules/@slack/types/dist/events,
 * so schemas follow the installed @slack/types); plus the top-level `app_rate_limited` and
 * `url_verification`, the interactivity payloads (block_actions, block_suggestion,
 * message_action, shortcut, view_closed, view_submission) and `slash_command`, hand-written from
 * Slack's reference (https://docs.slack.dev/apis/events-api/, …/reference/interaction-payloads).
 *
 *   npx tsx scripts/build-slack-schemas.ts [--check]
 *
 * This file is the source, the JSON files are its deterministic output (sorted keys, 2-space,
 * "\n"). No Slack code is copied: the schemas are computed from the installed declarations.
 *
 * Choices: `?` → optional, string literal unions → `enum`, named interfaces → defs. Block Kit
 * blocks, legacy attachments and views stay open defs (`additionalProperties: true`): their
 * shapes are large and open-ended. `message` is one merged object over its 17 subtype interfaces
 * (see {@link mergeBodies}). Where Slack's reference contradicts @slack/types (reaction items
 * that are files), {@link OVERLAYS} follows the reference. Slack adds fields to events without
 * notice, so prefer `validation: lenient` for Slack.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { syncSchemaFolder } from "../src/cli/schema-folder.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

const str = (description?: string): Schema => (description ? { description, type: "string" } : { type: "string" });
const open = (description: string): Schema => ({ additionalProperties: true, description, type: "object" });

/** Envelope defs; the inner events' defs come from {@link deriveSlackEvents}. */
const envelopeDefs: Record<string, Schema> = {
  Authorization: {
    description: "One installation of the app that can see the event (truncated to one element since 2021).",
    properties: {
      enterprise_id: { type: ["string", "null"] },
      is_bot: { type: "boolean" },
      is_enterprise_install: { type: "boolean" },
      team_id: { type: ["string", "null"] },
      user_id: str(),
    },
    required: ["enterprise_id", "is_bot", "team_id", "user_id"],
    type: "object",
  },
};

const eventsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "node_modules", "@slack", "types", "dist", "events");

/**
 * Inner events whose def follows the webhook's validation mode (unknown keys rejected under
 * `strict`), as before the derivation; every other inner event stays open at its top level
 * (`additionalProperties: true`), as its earlier `type` + `event_ts` schema was.
 */
const FOLLOW_MODE = new Set(["app_mention", "message", "reaction_added"]);

/** Open defs for @slack/types modules whose unions are large and extended by Slack all the time. */
const OPEN_MODULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\\/]block-kit[\\/]/, "SlackBlock"],
  [/[\\/]message-attachments\.d\.ts$/, "SlackAttachment"],
  [/[\\/]views\.d\.ts$/, "SlackView"],
];

/** reaction_added / reaction_removed `item`, per Slack's reference (@slack/types has only the message item). */
const REACTION_ITEM: Schema = {
  description: "The item that was reacted to (https://docs.slack.dev/reference/events/reaction_added): @slack/types lists only messages; Slack also sends files and file comments.",
  oneOf: [
    {
      properties: { channel: str(), ts: str("Timestamp of the message."), type: { const: "message", type: "string" } },
      required: ["channel", "ts", "type"],
      type: "object",
    },
    {
      properties: { file: str("File ID."), type: { const: "file", type: "string" } },
      required: ["file", "type"],
      type: "object",
    },
    {
      properties: { file: str("File ID."), file_comment: str("File comment ID."), type: { const: "file_comment", type: "string" } },
      required: ["file", "file_comment", "type"],
      type: "object",
    },
  ],
};
/**
 * Where Slack's reference pages and @slack/types disagree, per def: properties merged over the
 * derived ones, and required members made optional. Kept short; each is in a fixture of
 * test/fixtures/slack (a file reaction, a threaded mention).
 */
const OVERLAYS: Record<string, { properties: Schema; optional?: string[] }> = {
  AppMention: { properties: { parent_user_id: str("Author of the thread's parent message (replies only).") } },
  // "ID of the user who created the item": absent for items without one (the reference's wording
  // kept by the earlier hand-written schema), although @slack/types requires it.
  ReactionAdded: { properties: { item: REACTION_ITEM }, optional: ["item_user"] },
  ReactionRemoved: { properties: { item: REACTION_ITEM }, optional: ["item_user"] },
};

const F = ts.TypeFlags;
const GLOBAL_NAMES = new Set(["Blob", "Date", "Error", "Event", "File", "Map", "Object", "Record", "Set", "Symbol"]);

/** Text of a declaration's JSDoc: the comment, else its `@description` tag (Slack's style). */
function docOf(symbol: ts.Symbol, checker: ts.TypeChecker): string | undefined {
  const comment = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  if (comment) return comment.replace(/\s+/g, " ");
  const tag = symbol.getJsDocTags(checker).find((t) => t.name === "description");
  const text = tag?.text ? ts.displayPartsToString(tag.text).trim() : "";
  return text ? text.replace(/\s+/g, " ") : undefined;
}

const canonicalText = (s: Json): string => JSON.stringify(sortKeys(s));
const pascal = (file: string): string => file.replace(/\.d\.ts$/, "").replace(/(^|[-_])([a-z])/g, (_m, _s, c: string) => c.toUpperCase());

/** Converts @slack/types declarations to JSON Schema, collecting named interfaces as defs. */
class Deriver {
  readonly defs = new Map<string, Schema>();
  private readonly names = new Map<ts.Symbol, string>();
  /** Fields intersected onto nested messages (`MessageEvent & { replies: … }`), folded into NestedMessage. */
  readonly nestedExtras = new Map<string, Schema>();
  usesNestedMessage = false;
  /** Anonymous object types that are reached through an indexed access (`AppContextChangedEvent['context']`): shared, so defs. */
  private readonly sharedAnonymous = new Map<ts.Type, string>();

  constructor(private readonly checker: ts.TypeChecker) {}

  /** Names every `X['key']` type of the program's declarations `<X without Event><Key>`, so both uses share one def. */
  collectIndexedAccess(files: readonly ts.SourceFile[]): void {
    const visit = (node: ts.Node): void => {
      if (ts.isIndexedAccessTypeNode(node) && ts.isLiteralTypeNode(node.indexType) && ts.isStringLiteral(node.indexType.literal)) {
        const type = this.checker.getTypeFromTypeNode(node);
        const owner = node.objectType.getText().replace(/Event$/, "");
        if (!this.sharedAnonymous.has(type)) this.sharedAnonymous.set(type, owner + pascal(node.indexType.literal.text));
      }
      ts.forEachChild(node, visit);
    };
    for (const file of files) visit(file);
  }

  /** The def name of a named declaration: `…Event` dropped; a clash gets the module's name in front. */
  defName(symbol: ts.Symbol): string {
    const known = this.names.get(symbol);
    if (known !== undefined) return known;
    let name = symbol.name.replace(/Event$/, "");
    const taken = new Set(this.names.values());
    // A global's name (message.d.ts' private `File`) would shadow it in generated code: prefix it too.
    if (taken.has(name) || GLOBAL_NAMES.has(name) || name === "NestedMessage" || OPEN_MODULES.some(([, n]) => n === name)) {
      name = pascal(basename(symbol.declarations![0]!.getSourceFile().fileName)) + name;
    }
    this.names.set(symbol, name);
    return name;
  }

  private openDef(type: ts.Type): string | undefined {
    // `ImageBlock = Block & {…}` and `KnownBlock | Block` are Block Kit too: any part of an
    // intersection, or the one def every member of a union maps to.
    if (type.isIntersection()) return type.types.map((t) => this.openDef(t)).find((n) => n !== undefined);
    if (type.isUnion() && type.aliasSymbol === undefined) {
      const names = new Set(type.types.filter((t) => !(t.flags & (F.Undefined | F.Null))).map((t) => this.openDef(t)));
      return names.size === 1 ? [...names][0] : undefined;
    }
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const file = symbol?.declarations?.[0]?.getSourceFile().fileName;
    return file === undefined ? undefined : OPEN_MODULES.find(([re]) => re.test(file))?.[1];
  }

  /** Whether a type is one of the message subtype interfaces (`type: 'message'` in events/message.d.ts). */
  private isMessage(type: ts.Type): boolean {
    if (type.isUnion()) return type.types.every((t) => this.isMessage(t));
    const symbol = type.getSymbol();
    const file = symbol?.declarations?.[0]?.getSourceFile().fileName ?? "";
    if (!/[\\/]events[\\/]message\.d\.ts$/.test(file)) return false;
    const prop = this.checker.getPropertyOfType(type, "type");
    const t = prop === undefined ? undefined : this.checker.getTypeOfSymbol(prop);
    return t !== undefined && t.isStringLiteral() && t.value === "message";
  }

  private nested(): Schema {
    this.usesNestedMessage = true;
    return { $ref: "./NestedMessage.json" };
  }

  schemaOf(type: ts.Type): Schema {
    const f = type.flags;
    if (f & (F.Any | F.Unknown)) return {};
    const open = this.openDef(type);
    if (open !== undefined) {
      if (!this.defs.has(open)) this.defs.set(open, openDefs[open]!);
      return { $ref: `./${open}.json` };
    }
    if (f & F.Boolean) return { type: "boolean" };
    if (type.isUnion()) return this.isMessage(type) ? this.nested() : this.union(type.types);
    if (type.isStringLiteral()) return { const: type.value, type: "string" };
    if (type.isNumberLiteral()) return { const: type.value, type: "number" };
    if (f & F.BooleanLiteral) return { const: (type as ts.Type & { intrinsicName: string }).intrinsicName === "true", type: "boolean" };
    if (f & F.String) return { type: "string" };
    if (f & F.Number) return { type: "number" };
    if (f & F.Null) return { type: "null" };
    if (this.checker.isArrayType(type)) return { items: this.schemaOf(this.checker.getTypeArguments(type as ts.TypeReference)[0]!), type: "array" };
    if (this.checker.isTupleType(type)) {
      // Tuple `items` are outside the keyword subset: a tuple is an array of its element types (`[]`: empty).
      const elements = this.checker.getTypeArguments(type as ts.TypeReference);
      return elements.length === 0 ? { maxItems: 0, type: "array" } : { items: this.union([...elements]), type: "array" };
    }
    if (type.isIntersection()) {
      const message = type.types.find((t) => this.isMessage(t));
      if (message !== undefined) {
        // `MessageEvent & { thread_ts: string; … }`: the nested message, with the extra fields declared on it.
        for (const part of type.types.filter((t) => t !== message)) {
          const body = this.body(part);
          for (const [k, v] of Object.entries((body["properties"] ?? {}) as Schema)) this.nestedExtras.set(k, v as Schema);
        }
        return this.nested();
      }
      return this.body(type);
    }
    if (f & F.Object) {
      if (this.isMessage(type)) return this.nested();
      const shared = this.sharedAnonymous.get(type);
      if (shared !== undefined) {
        if (!this.defs.has(shared)) {
          this.defs.set(shared, {});
          this.defs.set(shared, this.body(type));
        }
        return { $ref: `./${shared}.json` };
      }
      const symbol = type.aliasSymbol ?? type.getSymbol();
      const decl = symbol?.declarations?.[0];
      const named = decl !== undefined && (ts.isInterfaceDeclaration(decl) || ts.isTypeAliasDeclaration(decl)) && /@slack[\\/]types/.test(decl.getSourceFile().fileName);
      if (!named) return this.body(type);
      const name = this.defName(symbol!);
      if (!this.defs.has(name)) {
        this.defs.set(name, {}); // placeholder: a recursive reference finds the name
        const description = docOf(symbol!, this.checker);
        this.defs.set(name, { ...(description ? { description } : {}), ...this.body(type) });
      }
      return { $ref: `./${name}.json` };
    }
    throw new Error(`@slack/types: no JSON Schema for type ${this.checker.typeToString(type)}`);
  }

  private union(members: readonly ts.Type[]): Schema {
    let rest = members.filter((t) => !(t.flags & (F.Undefined | F.Void)));
    const nullable = rest.some((t) => t.flags & F.Null);
    rest = rest.filter((t) => !(t.flags & F.Null));
    const hasTrue = rest.some((t) => t.flags & F.BooleanLiteral && (t as ts.Type & { intrinsicName: string }).intrinsicName === "true");
    const hasFalse = rest.some((t) => t.flags & F.BooleanLiteral && (t as ts.Type & { intrinsicName: string }).intrinsicName === "false");
    let schemas: Schema[];
    if (rest.length > 0 && rest.every((t) => t.isStringLiteral())) {
      const values = [...new Set(rest.map((t) => (t as ts.StringLiteralType).value))].sort();
      schemas = [values.length === 1 ? { const: values[0]!, type: "string" } : { enum: values, type: "string" }];
    } else {
      schemas = [];
      if (hasTrue && hasFalse) {
        schemas.push({ type: "boolean" });
        rest = rest.filter((t) => !(t.flags & F.BooleanLiteral));
      }
      const seen = new Set(schemas.map(canonicalText));
      for (const t of rest) {
        const s = this.schemaOf(t);
        if (!seen.has(canonicalText(s))) schemas.push(s), seen.add(canonicalText(s));
      }
    }
    if (nullable) schemas.push({ type: "null" });
    if (schemas.length === 1) return schemas[0]!;
    // string | number | null and the like: one `type` list reads better than anyOf.
    if (schemas.every((s) => Object.keys(s).length === 1 && typeof s["type"] === "string")) return { type: schemas.map((s) => s["type"]!) };
    if (schemas.length === 2 && nullable && typeof schemas[0]!["type"] === "string" && schemas[0]!["$ref"] === undefined) {
      return { ...schemas[0]!, type: [schemas[0]!["type"]!, "null"], ...(schemas[0]!["enum"] ? { enum: [...(schemas[0]!["enum"] as Json[]), null] } : {}) };
    }
    return { anyOf: schemas };
  }

  /** An object type's properties (`?` → optional; a property typed `undefined` is absent) and index signature. */
  body(type: ts.Type): Schema {
    const properties: Schema = {};
    const required: string[] = [];
    for (const prop of this.checker.getPropertiesOfType(type)) {
      const t = this.checker.getTypeOfSymbol(prop);
      if (t.flags & F.Undefined) continue; // `subtype: undefined`: the key is absent
      const description = docOf(prop, this.checker);
      const schema = this.schemaOf(t);
      properties[prop.name] = description && schema["$ref"] === undefined ? { description, ...schema } : schema;
      if (!(prop.flags & ts.SymbolFlags.Optional)) required.push(prop.name);
    }
    const index = this.checker.getIndexInfosOfType(type).find((i) => i.keyType.flags & F.String);
    const out: Schema = index !== undefined && Object.keys(properties).length === 0 ? { type: "object" } : { properties, type: "object" };
    if (required.length > 0) out["required"] = required.sort();
    if (index !== undefined) {
      const value = this.schemaOf(index.type);
      out["additionalProperties"] = Object.keys(value).length === 0 ? true : value;
    }
    return out;
  }
}

/** The open defs of {@link OPEN_MODULES}. */
const openDefs: Record<string, Schema> = {
  SlackAttachment: open("A legacy secondary attachment (https://docs.slack.dev/messaging/formatting-message-text)."),
  SlackBlock: open("A Block Kit block (https://docs.slack.dev/reference/block-kit/blocks); shapes vary by `type`."),
  SlackView: open("A view (modal or App Home, https://docs.slack.dev/reference/views)."),
};

/** Exported interfaces of dist/events/*.d.ts whose `type` is a string literal, grouped by it. */
function eventInterfaces(program: ts.Program): Map<string, ts.InterfaceDeclaration[]> {
  const checker = program.getTypeChecker();
  const out = new Map<string, ts.InterfaceDeclaration[]>();
  const files = program.getSourceFiles().filter((f) => f.fileName.startsWith(eventsDir.replace(/\\/g, "/")) || f.fileName.startsWith(eventsDir));
  for (const file of [...files].sort((a, b) => (a.fileName < b.fileName ? -1 : 1))) {
    for (const stmt of file.statements) {
      if (!ts.isInterfaceDeclaration(stmt) || !stmt.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
      const type = checker.getDeclaredTypeOfSymbol(checker.getSymbolAtLocation(stmt.name)!);
      const prop = checker.getPropertyOfType(type, "type");
      const literal = prop === undefined ? undefined : checker.getTypeOfSymbol(prop);
      if (literal === undefined || !literal.isStringLiteral()) continue;
      out.set(literal.value, [...(out.get(literal.value) ?? []), stmt]);
    }
  }
  return out;
}

/** Derived inner events: event type → def name, and every def (in insertion order; files are sorted later). */
interface Derived {
  readonly events: Map<string, string>;
  readonly defs: Map<string, Schema>;
  readonly subtypes: string[];
}

let derivedCache: Derived | undefined;

/** Reads @slack/types once per process and derives every inner event's schema. */
export function deriveSlackEvents(): Derived {
  if (derivedCache !== undefined) return derivedCache;
  const files = readdirSync(eventsDir).filter((f) => f.endsWith(".d.ts")).sort().map((f) => join(eventsDir, f));
  const program = ts.createProgram(files, { noEmit: true, skipLibCheck: true, strict: true, types: [] });
  const checker = program.getTypeChecker();
  const d = new Deriver(checker);
  d.collectIndexedAccess(program.getSourceFiles().filter((f) => files.includes(f.fileName) || files.includes(f.fileName.replace(/\//g, "\\"))));
  const events = new Map<string, string>();
  const subtypes: string[] = [];
  for (const [event, decls] of eventInterfaces(program)) {
    if (TOP_LEVEL_TYPES.has(event)) continue;
    if (decls.length === 1) {
      const symbol = checker.getSymbolAtLocation(decls[0]!.name)!;
      const name = d.defName(symbol);
      d.schemaOf(checker.getDeclaredTypeOfSymbol(symbol));
      const schema = { ...d.defs.get(name)! };
      const overlay = OVERLAYS[name];
      if (overlay !== undefined) {
        schema["properties"] = { ...(schema["properties"] as Schema), ...overlay.properties };
        schema["required"] = (schema["required"] as string[]).filter((k) => !(overlay.optional ?? []).includes(k));
      }
      if (schema["description"] === undefined) schema["description"] = `The \`${event}\` event (https://docs.slack.dev/reference/events/${event}).`;
      if (!FOLLOW_MODE.has(event)) schema["additionalProperties"] = true;
      d.defs.set(name, schema);
      events.set(event, name);
      continue;
    }
    // Several interfaces share one `type`: the message subtypes. One merged object, see `message` below.
    const bodies = decls.map((decl) => {
      const symbol = checker.getSymbolAtLocation(decl.name)!;
      const subtype = checker.getPropertyOfType(checker.getDeclaredTypeOfSymbol(symbol), "subtype");
      const literal = subtype === undefined ? undefined : checker.getTypeOfSymbol(subtype);
      if (literal?.isStringLiteral()) subtypes.push(literal.value);
      return d.body(checker.getDeclaredTypeOfSymbol(symbol));
    });
    const name = event.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());
    d.defs.set(name, mergeBodies(event, bodies, subtypes));
    events.set(event, name);
  }
  if (d.usesNestedMessage) {
    const message = d.defs.get("Message")!;
    d.defs.set("NestedMessage", {
      description:
        "A message inside a message event (message_changed `message` / `previous_message`, thread_broadcast `root`, message_replied `replies`): the fields of `message`, of which Slack always sends `type` and `ts` (no `channel` or `event_ts`, although @slack/types declares them).",
      properties: { ...(message["properties"] as Schema), ...Object.fromEntries(d.nestedExtras) },
      required: ["ts", "type"],
      type: "object",
    });
  }
  // Overlays can replace the only use of a def (ReactionMessageItem): keep the reachable ones.
  const reachable = new Set<string>();
  const visit = (name: string): void => {
    if (reachable.has(name)) return;
    reachable.add(name);
    for (const m of JSON.stringify(d.defs.get(name)).matchAll(/"\.\/(\w+)\.json"/g)) visit(m[1]!);
  };
  for (const name of events.values()) visit(name);
  const defs = new Map([...d.defs].filter(([name]) => reachable.has(name)));
  derivedCache = { events, defs, subtypes: [...new Set(subtypes)].sort() };
  return derivedCache;
}

/**
 * The `message` event as one object over every subtype @slack/types describes (17 interfaces):
 * each field any subtype declares (types of a field that differ between subtypes become anyOf),
 * required only where every subtype requires it, `subtype` a string naming the known ones.
 * Chosen over a union of the subtypes because Slack sends subtypes @slack/types does not list
 * (channel_convert_to_private, huddle_thread, …) and a union would reject them, and because the
 * generated type stays one interface to narrow on `subtype` by hand.
 */
function mergeBodies(event: string, bodies: Schema[], subtypes: string[]): Schema {
  const props = new Map<string, Schema[]>();
  const requiredCount = new Map<string, number>();
  for (const body of bodies) {
    for (const [k, v] of Object.entries(body["properties"] as Schema)) {
      const list = props.get(k) ?? [];
      if (!list.some((s) => canonicalText(s) === canonicalText(v))) list.push(v as Schema);
      props.set(k, list);
    }
    for (const k of (body["required"] ?? []) as string[]) requiredCount.set(k, (requiredCount.get(k) ?? 0) + 1);
  }
  const properties: Schema = {};
  for (let [k, list] of [...props].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (k === "subtype") continue;
    // `user: string` in one subtype and `'UREVOKEDU'` in another: the literal adds nothing.
    const plain = new Set(list.filter((x) => Object.keys(x).length === 1 && typeof x["type"] === "string").map((x) => x["type"]));
    list = list.filter((x) => !(x["const"] !== undefined && Object.keys(x).length === 2 && plain.has(x["type"]!)));
    if (list.length === 1) properties[k] = list[0]!;
    else if (list.every((s) => s["const"] !== undefined && s["type"] === list[0]!["type"])) {
      properties[k] = { enum: [...new Set(list.map((s) => s["const"]!))].sort() as Json[], type: list[0]!["type"]! };
    } else properties[k] = { anyOf: list };
  }
  properties["subtype"] = {
    description: `Absent for a plain user message; @slack/types describes ${[...new Set(subtypes)].sort().join(", ")}. Slack sends others too.`,
    type: "string",
  };
  return {
    description: `A message was sent to a channel, group, DM or MPDM (https://docs.slack.dev/reference/events/${event}); every subtype in one object, see \`subtype\`.`,
    properties,
    required: [...requiredCount].filter(([k, n]) => n === bodies.length && k !== "subtype").map(([k]) => k).sort(),
    type: "object",
  };
}

/** Top-level deliveries of @slack/types' event list (not enveloped in an event_callback). */
const TOP_LEVEL_TYPES = new Set(["app_rate_limited"]);

/**
 * The inner event types @slack/types describes: every `export interface … { type: '<name>'; … }`
 * in node_modules/@slack/types/dist/events/*.d.ts, sorted. Message subtypes all carry
 * `type: 'message'` and so are one event, `message` (narrow on `subtype`).
 */
export function slackTypesEvents(): string[] {
  const out = new Set<string>();
  for (const file of readdirSync(eventsDir).filter((f) => f.endsWith(".d.ts")).sort()) {
    const text = readFileSync(join(eventsDir, file), "utf8");
    for (const m of text.matchAll(/export interface \w+ (?:extends [^{]*)?\{\n((?: {4}.*\n|\s*\n)*?)\}/g)) {
      const type = /^ {4}type: '([a-z_]+)';/m.exec(m[1]!);
      if (type) out.add(type[1]!);
    }
  }
  return [...out].sort();
}

/** Top-level (not enveloped) deliveries: handshakes, rate limiting and interactivity (`payload=` forms). */
const idObject = (description: string, extra: Schema = {}): Schema => ({
  additionalProperties: true,
  description,
  properties: { id: str(), ...extra },
  required: ["id"],
  type: "object",
});
const interactivityCommon: Schema = {
  api_app_id: str("The app the interaction is for."),
  enterprise: { anyOf: [idObject("Enterprise grid organisation."), { type: "null" }] },
  is_enterprise_install: { type: "boolean" },
  team: { anyOf: [idObject("Workspace.", { domain: str() }), { type: "null" }] },
  token: str("Deprecated verification token; verify the request signature instead."),
  user: idObject("The user who interacted.", { name: str(), team_id: str(), username: str() }),
};
const view = open("The view (modal or App Home) with its `state.values` (https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload).");
// The top level follows the validation mode (no `additionalProperties`): `strict` rejects keys
// Slack's reference does not list, `lenient` (the built-in) forgives them. Nested objects whose
// shapes are large (view, message, container) stay open.
const topLevel = (type: string, description: string, properties: Schema, required: string[]): Schema => ({
  description,
  properties: { ...properties, type: { const: type, type: "string" } },
  required: [...required, "type"].sort(),
  title: type,
  type: "object",
});

const TOP_LEVEL: Record<string, Schema> = {
  app_rate_limited: topLevel(
    "app_rate_limited",
    "The app exceeded 30,000 events per workspace per hour (https://docs.slack.dev/apis/events-api/#rate-limiting).",
    { api_app_id: str(), minute_rate_limited: { type: "integer" }, team_id: str(), token: str() },
    ["api_app_id", "minute_rate_limited", "team_id"],
  ),
  url_verification: topLevel(
    "url_verification",
    "Request URL handshake; the runtime answers it (handshake: slack_url_verification) before any handler.",
    { challenge: str(), token: str() },
    ["challenge"],
  ),
  block_actions: topLevel(
    "block_actions",
    "A user interacted with a Block Kit element (https://docs.slack.dev/reference/interaction-payloads/block_actions-payload).",
    {
      ...interactivityCommon,
      actions: { items: open("One action: action_id, block_id, type, value / selected_option, action_ts."), type: "array" },
      channel: idObject("Channel of the message (absent for modals).", { name: str() }),
      container: open("Where the action happened (message, view, …)."),
      message: open("The message the action is attached to."),
      response_url: str("Where to post a response (message actions)."),
      state: open("State of the message's input blocks."),
      trigger_id: str("Opens a modal within 3 seconds."),
      view,
    },
    ["actions", "api_app_id", "user"],
  ),
  block_suggestion: topLevel(
    "block_suggestion",
    "An external_select asks for options (https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element#external_select).",
    {
      ...interactivityCommon,
      action_id: str(),
      block_id: str(),
      channel: idObject("Channel of the message (menus in messages).", { name: str() }),
      container: open("Where the menu is."),
      message: open("The message the menu is in (menus in messages)."),
      value: str("What the user typed."),
      view,
    },
    ["action_id", "block_id", "user", "value"],
  ),
  message_action: topLevel(
    "message_action",
    "A message shortcut (https://docs.slack.dev/reference/interaction-payloads/shortcuts-interaction-payload).",
    {
      ...interactivityCommon,
      action_ts: str(),
      callback_id: str(),
      channel: idObject("Channel of the message.", { name: str() }),
      message: open("The message the shortcut was used on."),
      message_ts: str(),
      response_url: str(),
      trigger_id: str(),
    },
    ["callback_id", "channel", "message", "trigger_id", "user"],
  ),
  shortcut: topLevel(
    "shortcut",
    "A global shortcut (https://docs.slack.dev/reference/interaction-payloads/shortcuts-interaction-payload).",
    { ...interactivityCommon, action_ts: str(), callback_id: str(), trigger_id: str() },
    ["callback_id", "trigger_id", "user"],
  ),
  view_closed: topLevel(
    "view_closed",
    "A modal with notify_on_close was closed (https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload#view_closed).",
    { ...interactivityCommon, is_cleared: { type: "boolean" }, view },
    ["user", "view"],
  ),
  view_submission: topLevel(
    "view_submission",
    "A modal was submitted (https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload#view_submission).",
    { ...interactivityCommon, response_urls: { items: open("response_url_enabled inputs."), type: "array" }, trigger_id: str(), view },
    ["user", "view"],
  ),
};

/** Interactivity deliveries (a `payload=` form field holding JSON), as opposed to Events API JSON. */
export const SLACK_INTERACTIVITY = ["block_actions", "block_suggestion", "message_action", "shortcut", "view_closed", "view_submission"];

/**
 * Slash commands: form fields, no `type` (https://docs.slack.dev/interactivity/implementing-slash-commands);
 * the extraction rule `when_present: { command: slash_command }` names them. The fields are
 * the documented ones; like the other top-level deliveries, unknown keys follow the mode.
 */
const SLASH_COMMAND: Schema = {
  description: "A slash command invocation (form-encoded fields; every value is a string).",
  properties: Object.fromEntries(
    [
      "api_app_id", "channel_id", "channel_name", "command", "enterprise_id", "enterprise_name", "is_enterprise_install",
      "response_url", "team_domain", "team_id", "text", "token", "trigger_id", "user_id", "user_name",
    ].map((k) => [k, str()]),
  ),
  required: ["channel_id", "command", "response_url", "team_id", "text", "trigger_id", "user_id"],
  title: "slash_command",
  type: "object",
};

/** Every event name of the catalog. */
export function slackCatalog(): string[] {
  return [...new Set([...slackTypesEvents(), ...Object.keys(TOP_LEVEL), "slash_command"])].sort();
}

function envelope(event: string, inner: Schema): Schema {
  return {
    description: "Events API callback envelope (https://docs.slack.dev/apis/events-api/#callback-field).",
    properties: {
      api_app_id: str("The app this event is intended for."),
      authed_users: { description: "Deprecated; use authorizations.", items: str(), type: "array" },
      authorizations: { items: { $ref: "../defs/Authorization.json" }, type: "array" },
      context_enterprise_id: { type: ["string", "null"] },
      context_team_id: { type: ["string", "null"] },
      enterprise_id: str(),
      event: inner,
      event_context: str("Opaque identifier for this event's context (apps.event.authorizations.list)."),
      event_id: { description: "Globally unique event id, stable across retries.", pattern: "^Ev", type: "string" },
      event_time: { description: "Epoch seconds when the event was dispatched.", type: "integer" },
      is_ext_shared_channel: { type: "boolean" },
      team_id: str("Workspace where the event occurred."),
      token: str("Deprecated verification token; verify the request signature instead."),
      type: { const: "event_callback", type: "string" },
    },
    required: ["api_app_id", "event", "event_id", "event_time", "team_id", "token", "type"],
    title: event,
    type: "object",
  };
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]!);
    return out;
  }
  return value;
}

export function buildSlackSchemas(): Map<string, string> {
  const files = new Map<string, string>();
  const text = (s: Json): string => JSON.stringify(sortKeys(s), null, 2) + "\n";
  const derived = deriveSlackEvents();
  const missing = slackTypesEvents().filter((e) => !derived.events.has(e) && TOP_LEVEL[e] === undefined);
  if (missing.length > 0) throw new Error(`@slack/types: no interface read for ${missing.join(", ")}`);
  for (const [name, schema] of [...Object.entries(envelopeDefs), ...derived.defs]) files.set(`defs/${name}.json`, text(schema));
  for (const event of slackCatalog()) {
    let schema: Schema;
    if (event === "slash_command") schema = SLASH_COMMAND;
    else if (TOP_LEVEL[event] !== undefined) schema = TOP_LEVEL[event]!;
    else schema = envelope(event, { $ref: `../defs/${derived.events.get(event)!}.json` });
    files.set(`events/${event}.json`, text(schema));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function main(): void {
  const outDir = join(dirname(fileURLToPath(import.meta.url)), "..", "schemas", "slack");
  const check = process.argv.includes("--check");
  const files = buildSlackSchemas();
  const stale = syncSchemaFolder(outDir, files, check).map((change) => change.path);
  if (check && stale.length > 0) {
    console.error(`schemas/slack is stale: ${stale.join(", ")}`);
    process.exit(1);
  }
  console.log(`schemas/slack: ${slackCatalog().length} events (message: ${deriveSlackEvents().subtypes.length} subtypes), ${Object.keys(envelopeDefs).length + deriveSlackEvents().defs.size} defs (${stale.length} files changed)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
