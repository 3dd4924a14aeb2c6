/**
 * Turns a merged provider into a {@link ProviderSpec}: applies defaults, lower-cases header
 * names, loads the schema catalog and checks everything that needs more than one file.
 */
import { posix } from "node:path";
import type { DeliveryBudget, EventExtraction, HandshakeConfig, SignatureConfig, SignedMessageConfig, SignedTimestamp, ValueSource, WebhookConfig } from "../runtime/types.js";
import { SpecError } from "./errors.js";
import type { Located, LocatedFields, MergedProvider } from "./merge.js";
import { pascalCase } from "./naming.js";
import { EMPTY_SCHEMAS, loadSchemaFolder } from "./schemas.js";
import { joinPath, type SpecSource } from "./source.js";
import { didYouMean } from "./suggest.js";
import type { ProviderSchemas, ProviderSpec } from "./types.js";
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TOLERANCE_SECONDS,
  NAME_PATTERN,
  type ProviderYaml,
  type WebhookYaml,
} from "./yaml-schema.js";

type SignatureYaml = NonNullable<ProviderYaml["signature"]>;
type EventYaml = NonNullable<ProviderYaml["event"]>;

/** A built spec plus the located `path` of each webhook (for the cross-provider uniqueness check). */
export interface BuiltProvider {
  readonly spec: ProviderSpec | undefined;
  readonly paths: readonly { readonly webhook: string; readonly path: Located<string> }[];
  readonly errors: readonly SpecError[];
}

/** Error at a located value (or its key). */
export function errorAt(loc: Pick<Located<unknown>, "file" | "path">, detail: string, target: "key" | "value" = "value"): SpecError {
  const { line, column } = loc.file.at(loc.path, target);
  return new SpecError(loc.file.file, line, column, detail);
}

/** Builds one provider; `source` is used to read its schema folder. */
export function buildProvider(merged: MergedProvider, source: SpecSource): BuiltProvider {
  const errors: SpecError[] = [];
  const p = merged.provider;
  const name = p.name?.value ?? merged.folder;
  const fileRoot = { file: merged.file, path: ["provider"] as const };
  if (!NAME_PATTERN.test(name)) {
    errors.push(errorAt({ file: merged.file, path: [] }, `provider name "${name}" (the folder name) must match [a-z][a-z0-9_-]* — rename the folder or set provider.name`));
  }
  for (const key of ["signature", "event"] as const) {
    if (p[key] === undefined) {
      errors.push(errorAt(fileRoot, merged.hasBuiltin
        ? `missing required key "${key}" in provider`
        : `missing required key "${key}" in provider — "${merged.folder}" is not a built-in provider, so its provider section must define signature and event`, "key"));
    }
  }
  if (p.signature !== undefined) checkSignature(p.signature, errors);
  const signature = p.signature === undefined ? undefined : toSignature(p.signature.value);
  const event = p.event === undefined ? undefined : toEvent(p.event, errors);

  let schemas: ProviderSchemas = EMPTY_SCHEMAS;
  let catalogOk = true;
  if (p.schemas !== undefined) {
    const dir = joinPath(posix.dirname(p.schemas.file.file), p.schemas.value);
    if (source.listDir(dir) === undefined) {
      errors.push(errorAt(p.schemas, `schema folder ${dir} not found — fix provider.schemas (it is relative to this file)`));
      catalogOk = false;
    } else {
      const loaded = loadSchemaFolder(source, dir);
      schemas = loaded.schemas;
      errors.push(...loaded.errors);
      catalogOk = loaded.errors.length === 0;
    }
  }

  const webhooks: Record<string, WebhookConfig> = {};
  const paths: { webhook: string; path: Located<string> }[] = [];
  if (merged.webhooks.size === 0) {
    errors.push(errorAt({ file: merged.file, path: ["webhooks"] }, `provider "${name}" has no webhooks — add one under webhooks:, e.g. default: { path: /webhooks/${name}/ }`, "key"));
  }
  for (const hookName of [...merged.webhooks.keys()].sort()) {
    const hook = merged.webhooks.get(hookName);
    if (hook === undefined) continue;
    const f = hook.fields;
    if (f.path === undefined) {
      errors.push(errorAt(hook.at, merged.hasBuiltin && !hook.builtin
        ? `webhook "${hookName}" needs a path: the built-in ${merged.folder} spec has no webhook of that name`
        : `webhook "${hookName}" needs a path`, "key"));
      continue;
    }
    paths.push({ webhook: hookName, path: f.path });
    const verify = f.verify_signature?.value ?? true;
    if (verify && signature !== undefined && signature.scheme !== "none" && f.signing_secret_env === undefined) {
      errors.push(errorAt(hook.at, `webhook "${hookName}" verifies signatures but sets no signing_secret_env — name the environment variable holding the secret (or set verify_signature: false)`, "key"));
    }
    if (f.signature_header !== undefined && signature !== undefined) {
      const expected = signature.scheme === "none" ? undefined : signature.scheme === "standard-webhooks" ? "webhook-signature" : signature.header;
      if (expected !== f.signature_header.value.toLowerCase()) {
        errors.push(errorAt(f.signature_header, expected === undefined
          ? signature.scheme === "none"
            ? `signature_header is set but provider ${name} uses no signature scheme — remove it`
            : `signature_header is set but provider ${name} carries its signature in the body — remove it`
          : `signature_header "${f.signature_header.value}" differs from the provider's signature header "${expected}"; per-webhook header overrides are not supported yet — remove signature_header or change provider.signature.header`));
      }
    }
    const events = f.events === undefined ? undefined
      // Groups (`issues` = every `issues.*`) for every provider, as `processor.on("issues")` has them.
      : expandEvents(f.events, schemas, true, catalogOk, p.schemas !== undefined, errors);
    if (f.ordering?.value === "per_object" && event !== undefined && (event.objectId === undefined || (event.objectTimestamp ?? event.timestamp) === undefined)) {
      errors.push(errorAt(f.ordering, `ordering: per_object needs provider.event.object_id and a time (provider.event.object_timestamp or provider.event.timestamp) to order by — declare them or remove ordering`));
    }
    webhooks[hookName] = toWebhookConfig(f.path.value, verify, f, events);
  }

  if (signature === undefined || event === undefined) return { spec: undefined, paths, errors };
  const bodyFormat = p.body_format?.value ?? "json";
  const spec: ProviderSpec = {
    name,
    displayName: p.display_name?.value ?? pascalCase(name),
    source: merged.file.file,
    signature,
    event,
    bodyFormat,
    ...(p.handshake === undefined ? {} : { handshake: toHandshake(p.handshake.value) }),
    ...(p.delivery === undefined ? {} : { delivery: deliveryBudget(p.delivery.value) }),
    schemas,
    webhooks,
  };
  return { spec, paths, errors };
}

function toWebhookConfig(
  path: string,
  verifySignature: boolean,
  f: LocatedFields<WebhookYaml>,
  events: readonly string[] | undefined,
): WebhookConfig {
  const rl = f.rate_limit?.value;
  return {
    path,
    verifySignature,
    ...(f.signing_secret_env === undefined ? {} : { secretEnv: f.signing_secret_env.value }),
    ...(events === undefined ? {} : { events }),
    ...(rl === undefined ? {} : { rateLimit: { requestsPerMinute: rl.requests_per_minute, burstLimit: rl.burst_limit } }),
    ...(f.ip_whitelist === undefined ? {} : { ipAllowlist: f.ip_whitelist.value }),
    validation: f.validation?.value ?? "lenient",
    invalidStatus: f.invalid_status?.value ?? 202,
    maxBodyBytes: f.max_body_bytes?.value ?? DEFAULT_MAX_BODY_BYTES,
    ...(f.ordering?.value === "per_object" ? { ordering: "per_object" as const } : {}),
    ...(f.mode === undefined || f.mode.value === "inline" ? {} : { mode: f.mode.value }),
  };
}

/** Checks an `events:` filter against the catalog, expanding groups (`issues` → `issues.*`). */
function expandEvents(
  filter: Located<NonNullable<WebhookYaml["events"]>>,
  schemas: ProviderSchemas,
  groups: boolean,
  catalogOk: boolean,
  hasSchemas: boolean,
  errors: SpecError[],
): readonly string[] {
  // With a broken catalog every name would look unknown; the catalog's own errors say enough.
  if (!catalogOk) return [...filter.value];
  const catalog = Object.keys(schemas.events);
  if (!hasSchemas) {
    errors.push(errorAt(filter, "events: needs an event catalog, but the provider has no schemas folder — set provider.schemas or remove events"));
    return [...filter.value];
  }
  const groupNames = groups ? [...new Set(catalog.filter((e) => e.includes(".")).map((e) => e.slice(0, e.indexOf("."))))] : [];
  const out = new Set<string>();
  filter.value.forEach((ev, i) => {
    const members = groups ? catalog.filter((e) => e.startsWith(`${ev}.`)) : [];
    if (catalog.includes(ev)) out.add(ev);
    for (const m of members) out.add(m);
    if (!catalog.includes(ev) && members.length === 0) {
      errors.push(errorAt({ file: filter.file, path: [...filter.path, i] }, `unknown event "${ev}"${didYouMean(ev, [...catalog, ...groupNames])}`));
    }
  });
  return [...out].sort();
}

function toSignature(s: SignatureYaml): SignatureConfig {
  const lc = (h: string | undefined, fallback: string): string => (h ?? fallback).toLowerCase();
  switch (s.scheme) {
    case "none":
      return { scheme: "none" };
    case "stripe":
      return { scheme: "stripe", header: lc(s.header, "Stripe-Signature"), toleranceSeconds: s.tolerance_seconds ?? DEFAULT_TOLERANCE_SECONDS };
    case "github":
      return { scheme: "github", header: lc(s.header, "X-Hub-Signature-256") };
    case "slack":
      return {
        scheme: "slack",
        header: lc(s.header, "X-Slack-Signature"),
        timestampHeader: lc(s.timestamp_header, "X-Slack-Request-Timestamp"),
        toleranceSeconds: s.tolerance_seconds ?? DEFAULT_TOLERANCE_SECONDS,
      };
    case "hmac":
      return {
        scheme: "hmac",
        ...signedMessage(s, "hex"),
        algorithm: s.algorithm ?? "sha256",
        ...(s.secret_encoding === undefined ? {} : { secretEncoding: s.secret_encoding }),
      };
    case "ed25519":
      return { scheme: "ed25519", ...signedMessage(s, "hex"), ...publicKeyFields(s, "hex") };
    case "ecdsa-p256":
      return {
        scheme: "ecdsa-p256",
        ...signedMessage(s, "base64"),
        ...publicKeyFields(s, "base64"),
        signatureFormat: s.signature_format ?? "der",
      };
    case "token": {
      const [first, ...rest] = headerNames(s.header);
      return { scheme: "token", header: first!, ...(rest.length === 0 ? {} : { headers: rest }), prefix: s.prefix ?? "" };
    }
    case "standard-webhooks":
      return {
        scheme: "standard-webhooks",
        toleranceSeconds: s.tolerance_seconds ?? DEFAULT_TOLERANCE_SECONDS,
        ...(s.private_key_env === undefined ? {} : { privateKeyEnv: s.private_key_env }),
      };
  }
}

type MessageYaml = Extract<SignatureYaml, { scheme: "hmac" | "ed25519" | "ecdsa-p256" }>;

const headerNames = (h: string | readonly string[]): string[] => (typeof h === "string" ? [h] : [...h]).map((x) => x.toLowerCase());

/** The shared message layout of the hmac, ed25519 and ecdsa-p256 schemes, defaults applied. */
function signedMessage(s: MessageYaml, encoding: "hex" | "base64"): SignedMessageConfig & { readonly timestampHeader?: string; readonly toleranceSeconds?: number } {
  const [first, ...rest] = s.header === undefined ? [] : headerNames(s.header);
  const t = s.timestamp;
  const tsHeader = t?.header ?? s.timestamp_header;
  const tolerance = t?.tolerance_seconds ?? s.tolerance_seconds;
  // The flat keys keep the flat form older runtimes read (and the output earlier generators wrote).
  const legacy = t === undefined && s.scheme === "hmac" && s.timestamp_header !== undefined;
  const timestamp: SignedTimestamp | undefined =
    t === undefined && s.timestamp_header === undefined
      ? undefined
      : {
          ...(tsHeader === undefined ? {} : { header: tsHeader.toLowerCase() }),
          ...(t?.field === undefined ? {} : { field: t.field }),
          ...(t?.body === undefined ? {} : { body: t.body }),
          unit: t?.unit ?? "s",
          ...(tolerance === undefined ? {} : { toleranceSeconds: tolerance }),
        };
  return {
    ...(first === undefined ? {} : { header: first }),
    ...(rest.length === 0 ? {} : { headers: rest }),
    ...(s.body === undefined ? {} : { body: s.body }),
    encoding: s.encoding ?? encoding,
    prefix: s.prefix ?? "",
    ...(s.separator === undefined ? {} : { separator: s.separator }),
    ...(s.fields === undefined ? {} : { fields: { separator: s.fields.separator, signature: s.fields.signature } }),
    signedContent: s.signed_content ?? "{body}",
    ...(timestamp === undefined
      ? {}
      : legacy
        ? { timestampHeader: tsHeader!.toLowerCase(), ...(tolerance === undefined ? {} : { toleranceSeconds: tolerance }) }
        : { timestamp }),
    ...(s.id_header === undefined ? {} : { idHeader: s.id_header.toLowerCase() }),
    ...(s.required_headers === undefined ? {} : { requiredHeaders: s.required_headers.map((h) => h.toLowerCase()) }),
    ...(s.url_origin === undefined ? {} : { urlOrigin: s.url_origin }),
    ...(s.body_hash === undefined
      ? {}
      : { bodyHash: { query: s.body_hash.query, encoding: s.body_hash.encoding ?? "hex", required: s.body_hash.required ?? false } }),
  };
}

function publicKeyFields(s: Extract<SignatureYaml, { scheme: "ed25519" | "ecdsa-p256" }>, encoding: "hex" | "base64") {
  return {
    publicKeyEncoding: s.public_key_encoding ?? encoding,
    ...(s.private_key_env === undefined ? {} : { privateKeyEnv: s.private_key_env }),
  };
}

const SLOTS = ["body", "timestamp", "id", "url", "method", "params"];
const BODY_PATH = /^[^.\s{}]+(\.[^.\s{}]+)*$/;

/** The runtime form of `provider.handshake` (defaults applied). */
function toHandshake(h: NonNullable<ProviderYaml["handshake"]>): "slack_url_verification" | readonly HandshakeConfig[] {
  if (typeof h === "string") return h;
  return h.map((x): HandshakeConfig => {
    const when = { ...(x.when.body === undefined ? {} : { body: x.when.body }), ...(x.when.header === undefined ? {} : { header: x.when.header.toLowerCase() }), equals: x.when.equals };
    switch (x.kind) {
      case "challenge":
        return { kind: "challenge", when, challenge: x.challenge, reply: x.reply ?? "json", ...(x.reply ?? "json") === "json" ? { replyKey: x.reply_key ?? "challenge" } : {} };
      case "ping":
        return { kind: "ping", when, reply: x.reply };
      case "url_validation":
        return {
          kind: "url_validation",
          when,
          token: x.token,
          algorithm: x.algorithm ?? "sha256",
          encoding: x.encoding ?? "hex",
          plainKey: x.plain_key ?? "plainToken",
          signedKey: x.signed_key ?? "encryptedToken",
        };
    }
  });
}

/** Cross-key checks of a signature section the zod shape cannot express, as located errors. */
function checkSignature(loc: Located<SignatureYaml>, errors: SpecError[]): void {
  const s = loc.value;
  if (s.scheme !== "hmac" && s.scheme !== "ed25519" && s.scheme !== "ecdsa-p256") return;
  const at = (key: string, detail: string): void => void errors.push(errorAt({ file: loc.file, path: [...loc.path, key] }, detail));
  const template = s.signed_content ?? "{body}";
  const used = new Set<string>();
  for (const m of template.matchAll(/\{([A-Za-z_]+)\}/g)) {
    if (SLOTS.includes(m[1]!)) used.add(m[1]!);
    else at("signed_content", `unknown placeholder {${m[1]}} in provider.signature.signed_content${didYouMean(m[1]!, SLOTS)} — valid: ${SLOTS.map((x) => `{${x}}`).join(", ")}, {body.<path>}`);
  }
  // {body.<path>}: a field of the JSON body (the runtime reads `\{body\.([^{}\s]+)\}`).
  const fieldPaths: string[] = [];
  for (const m of template.matchAll(/\{body\.([^{}]*)\}/g)) {
    if (BODY_PATH.test(m[1]!)) fieldPaths.push(m[1]!);
    else at("signed_content", `{body.${m[1]}} in provider.signature.signed_content must name a dotted body path such as {body.signature.token}`);
  }
  const parsesBody = s.body !== undefined || fieldPaths.length > 0;
  if (s.header === undefined && s.body === undefined) {
    errors.push(errorAt({ file: loc.file, path: loc.path }, "provider.signature needs header (the signature header) or body (a JSON body path holding the signature, e.g. signature.signature)", "key"));
  }
  if (s.header !== undefined && s.body !== undefined) at("body", "set either header or body (where the signature travels), not both");
  if (s.body !== undefined && (used.has("body") || used.has("params"))) {
    at("signed_content", "a signature carried in the body cannot sign {body} or {params} (it is part of them) — sign its fields with {body.<path>}");
  }
  if (s.body_hash !== undefined && !used.has("url")) at("body_hash", "body_hash needs {url} in signed_content: the hash travels in the signed URL");
  if (s.timestamp !== undefined && s.timestamp_header !== undefined) at("timestamp_header", "set either timestamp_header or timestamp.header, not both");
  if (s.timestamp !== undefined && s.tolerance_seconds !== undefined) at("tolerance_seconds", "set either tolerance_seconds or timestamp.tolerance_seconds, not both");
  const t = s.timestamp;
  if (t !== undefined && t.header === undefined && t.field === undefined && t.body === undefined) {
    at("timestamp", "provider.signature.timestamp needs a header, a field (of a key=value header) or a body path");
  }
  if (t?.body !== undefined && (t.header !== undefined || t.field !== undefined)) at("timestamp", "a body timestamp takes no header or field");
  if (t?.body !== undefined && used.has("timestamp") && !parsesBody) {
    at("signed_content", "{timestamp} cannot be signed when the timestamp is read from the body (the body is signed already)");
  }
  if (used.has("timestamp") && t === undefined && s.timestamp_header === undefined) {
    at("signed_content", "signed_content uses {timestamp} but no timestamp source is set — add timestamp: { header: … } (or field / body)");
  }
  if (t?.field !== undefined && t.header === undefined && s.fields === undefined) {
    at("timestamp", "timestamp.field reads a key=value field of the signature header: set fields: { separator, signature } too (or timestamp.header)");
  }
  if (s.tolerance_seconds !== undefined && s.timestamp === undefined && s.timestamp_header === undefined) {
    at("tolerance_seconds", "tolerance_seconds needs a timestamp to check — set timestamp: { … } or timestamp_header");
  }
  if (used.has("id") && s.id_header === undefined) at("signed_content", "signed_content uses {id} but id_header is not set");
  if (s.fields !== undefined && s.separator !== undefined) at("separator", "separator splits a plain list of signatures; with fields, fields.separator is the one used — remove separator");
}

function toEvent(loc: Located<EventYaml>, errors: SpecError[]): EventExtraction {
  const e = loc.value;
  const src = (key: "type" | "id" | "timestamp" | "object_id" | "object_timestamp", v: { header?: string | undefined; body?: string[] | undefined }): ValueSource => {
    if (v.header === undefined && v.body === undefined) {
      errors.push(errorAt({ file: loc.file, path: [...loc.path, key] }, `provider.event.${key} needs a header or a body path to read the value from`));
    }
    return {
      ...(v.header === undefined ? {} : { header: v.header.toLowerCase() }),
      ...(v.body === undefined ? {} : { body: v.body }),
    };
  };
  return {
    type: {
      ...src("type", e.type),
      ...(e.type.append_body === undefined ? {} : { appendBody: e.type.append_body }),
      ...(e.type.names === undefined
        ? {}
        : { names: Object.fromEntries(Object.keys(e.type.names).sort().map((k) => [k, e.type.names![k]!])) }),
      ...(e.type.when_present === undefined
        ? {}
        : { whenPresent: Object.keys(e.type.when_present).sort().map((path) => ({ path, type: e.type.when_present![path]! })) }),
    },
    ...(e.id === undefined ? {} : { id: src("id", e.id) }),
    ...(e.timestamp === undefined ? {} : { timestamp: { ...src("timestamp", e.timestamp), unit: e.timestamp.unit ?? "s" } }),
    ...(e.object_id === undefined ? {} : { objectId: src("object_id", e.object_id) }),
    ...(e.object_timestamp === undefined
      ? {}
      : { objectTimestamp: { ...src("object_timestamp", e.object_timestamp), unit: e.object_timestamp.unit ?? "s" } }),
  };
}

function deliveryBudget(d: NonNullable<ProviderYaml["delivery"]>): DeliveryBudget {
  const r = d.retries;
  return {
    timeoutSeconds: d.timeout_seconds,
    ...(r === undefined ? {} : {
      retries: { ...(r.attempts === undefined ? {} : { attempts: r.attempts }), ...(r.window_hours === undefined ? {} : { windowHours: r.window_hours }), schedule: r.schedule },
    }),
  };
}
