/**
 * The zod schema of webhook.yaml as written (snake_case, no defaults applied), and the JSON
 * Schema derived from it for editors. Defaults are applied after merging user over built-in
 * files (see `merge.ts`), so a key the user did not write never overrides a built-in value.
 */
import { z } from "zod";
import { isIpOrCidr } from "./ip.js";

/** Default of `max_body_bytes`: 1 MiB, ample for Stripe and Slack deliveries. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;
/** Upper bound of `max_body_bytes` (100 MiB), so that a typo cannot disable the guard. */
export const MAX_MAX_BODY_BYTES = 104_857_600;
/** Default timestamp tolerance of the stripe and slack schemes, in seconds. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Names of webhooks (and providers): identifier-like. */
export const NAME_PATTERN = /^[a-z][a-z0-9_-]*$/;
const HEADER_PATTERN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const PATH_PATTERN = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/;
const BODY_PATH_PATTERN = /^[^.\s]+(\.[^.\s]+)*$/;
const ENV_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

const header = z
  .string()
  .regex(HEADER_PATTERN, { error: "must be an HTTP header name such as X-Hub-Signature-256" })
  .meta({ description: "HTTP header name (case-insensitive)." });
const bodyPath = z
  .string()
  .regex(BODY_PATH_PATTERN, { error: "must be a dotted body path such as event.type" });
const tolerance = z.int().min(1).max(86_400).meta({
  description: `Accepted clock skew in seconds, both ways (default ${DEFAULT_TOLERANCE_SECONDS}).`,
});

const valueSource = {
  header: header.optional().meta({ description: "Read the value from this header (takes precedence over body)." }),
  body: z.array(bodyPath).min(1).optional().meta({
    description: "Dotted paths into the parsed body; the first one holding a string or number wins.",
  }),
};

const envName = z.string().regex(ENV_PATTERN, { error: "must be an environment variable name" });
const headerList = z.union([header, z.array(header).min(1)]);

/** Keys shared by the generic schemes that sign a message (`hmac`, `ed25519`, `ecdsa-p256`). */
const signedMessage = {
  header: headerList.optional().meta({ description: "Signature header, or a list of accepted names (the first present one is read). Required unless body is set." }),
  body: bodyPath.optional().meta({
    description: "Dotted JSON body path holding the signature, instead of a header (Mailgun: signature.signature); sign fields with {body.<path>}.",
  }),
  encoding: z.enum(["hex", "base64"]).optional().meta({ description: "Signature encoding (hmac default hex; ed25519 hex; ecdsa-p256 base64)." }),
  prefix: z.string().optional().meta({ description: "Stripped from each signature, e.g. sha256= (default none)." }),
  separator: z.string().optional().meta({ description: "Separates several signatures in one header (default a space; \"\" for exactly one)." }),
  fields: z.strictObject({
    separator: z.string().min(1).meta({ description: "Between key=value fields, e.g. , (Stripe) or ; (Paddle)." }),
    signature: z.string().min(1).meta({ description: "Key of the signature field(s), e.g. v1 or h1." }),
  }).optional().meta({ description: "The signature header is a key=value list (t=…,v1=…; ts=…;h1=…)." }),
  signed_content: z.string().min(1).optional().meta({
    description: "Template of the signed bytes with {body}, {timestamp}, {id}, {url} (with the query), {method}, {params} (sorted form parameters), {body.<path>} (a JSON body field) (default {body}).",
  }),
  timestamp: z.strictObject({
    header: header.optional().meta({ description: "Header holding the timestamp (or, with field, a key=value header holding it)." }),
    field: z.string().min(1).optional().meta({ description: "Field of a key=value header (default: of the signature header), e.g. ts or t." }),
    body: bodyPath.optional().meta({ description: "Dotted path into the JSON body (checked after the signature matched)." }),
    unit: z.enum(["s", "ms", "iso"]).optional().meta({ description: "Default s (Unix seconds); ms for millisecond timestamps; iso for RFC 3339 text (Twitch)." }),
    tolerance_seconds: tolerance.optional(),
  }).optional().meta({ description: "Where the signed timestamp is; with tolerance_seconds it must be that fresh, both ways." }),
  timestamp_header: header.optional().meta({ description: "Shorthand of timestamp: { header }." }),
  tolerance_seconds: tolerance.optional().meta({ description: "Shorthand of timestamp.tolerance_seconds." }),
  id_header: header.optional().meta({ description: "Header of the message id ({id})." }),
  required_headers: z.array(header).min(1).optional().meta({ description: "Headers that must be present (e.g. Shopify's X-Shopify-Topic)." }),
  url_origin: z.string().regex(/^https?:\/\/[^/\s]+$/, { error: "must be an origin such as https://hooks.example.com" }).optional()
    .meta({ description: "{url} is this origin + the request path and query (default: from the Host / X-Forwarded-* headers)." }),
  body_hash: z.strictObject({
    query: z.string().min(1).meta({ description: "Query parameter of the signed URL holding the body's SHA-256, e.g. bodySHA256 (Twilio)." }),
    encoding: z.enum(["hex", "base64"]).optional().meta({ description: "Encoding of the hash (default hex)." }),
    required: z.boolean().optional().meta({ description: "Refuse deliveries without the parameter (default false: Twilio's form bodies carry none)." }),
  }).optional().meta({
    description: "The body bound by its hash in the signed URL (Twilio's JSON bodies): when the query has the parameter, it must be the body's SHA-256 and {params} is empty. Needs {url} in signed_content.",
  }),
};
const hmacOnly = {
  algorithm: z.enum(["sha1", "sha256", "sha512"]).optional().meta({ description: "Default sha256." }),
  secret_encoding: z.enum(["raw", "base64", "hex", "whsec"]).optional().meta({
    description: "How the secret becomes the key: raw text (default), base64, hex, or whsec (strip whsec_, base64).",
  }),
};
const publicKeyOnly = {
  public_key_encoding: z.enum(["hex", "base64"]).optional().meta({
    description: "Encoding of the public key in the secret env var (raw bytes or DER SPKI; PEM always works). Default hex for ed25519, base64 for ecdsa-p256.",
  }),
  private_key_env: envName.optional().meta({ description: "Test signing only (test-webhook, signDelivery): env var holding the private key." }),
};

/** One generic handshake: which deliveries it answers and how. */
const handshakeMatch = z.strictObject({
  body: bodyPath.optional().meta({ description: "Body path compared with equals." }),
  header: header.optional().meta({ description: "Header compared with equals." }),
  equals: z.union([z.string(), z.number()]),
});
const handshakeYaml = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("challenge"),
    when: handshakeMatch,
    challenge: bodyPath.meta({ description: "Body path of the challenge to echo." }),
    reply: z.enum(["json", "text"]).optional().meta({ description: "json: { <reply_key>: challenge } (default); text: the bare challenge (Twitch)." }),
    reply_key: z.string().min(1).optional().meta({ description: "Default challenge." }),
  }),
  z.strictObject({
    kind: z.literal("ping"),
    when: handshakeMatch,
    reply: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).meta({ description: "JSON answered as-is, e.g. { type: 1 } (Discord)." }),
  }),
  z.strictObject({
    kind: z.literal("url_validation"),
    when: handshakeMatch,
    token: bodyPath.meta({ description: "Body path of the token to sign (Zoom: payload.plainToken)." }),
    algorithm: z.enum(["sha256", "sha512"]).optional().meta({ description: "Default sha256." }),
    encoding: z.enum(["hex", "base64"]).optional().meta({ description: "Default hex." }),
    plain_key: z.string().min(1).optional().meta({ description: "Default plainToken." }),
    signed_key: z.string().min(1).optional().meta({ description: "Default encryptedToken." }),
  }),
]);

/** `provider.signature`: picks a built-in verifier. */
export const signatureYaml = z.discriminatedUnion("scheme", [
  z.strictObject({ scheme: z.literal("none") }),
  z.strictObject({
    scheme: z.literal("stripe"),
    header: header.optional().meta({ description: "Default Stripe-Signature." }),
    tolerance_seconds: tolerance.optional(),
  }),
  z.strictObject({
    scheme: z.literal("github"),
    header: header.optional().meta({ description: "Default X-Hub-Signature-256." }),
  }),
  z.strictObject({
    scheme: z.literal("slack"),
    header: header.optional().meta({ description: "Default X-Slack-Signature." }),
    timestamp_header: header.optional().meta({ description: "Default X-Slack-Request-Timestamp." }),
    tolerance_seconds: tolerance.optional(),
  }),
  z.strictObject({ scheme: z.literal("hmac"), ...signedMessage, ...hmacOnly }),
  z.strictObject({ scheme: z.literal("ed25519"), ...signedMessage, ...publicKeyOnly }),
  z.strictObject({
    scheme: z.literal("ecdsa-p256"),
    ...signedMessage,
    ...publicKeyOnly,
    signature_format: z.enum(["der", "raw"]).optional().meta({ description: "ECDSA signature form: der (ASN.1, SendGrid; default) or raw (r‖s, 64 bytes)." }),
  }),
  z.strictObject({
    scheme: z.literal("token"),
    header: headerList.meta({ description: "Header carrying the shared token (or a list of accepted names)." }),
    prefix: z.string().optional().meta({ description: "Stripped before comparing, e.g. \"Bearer \" (default none)." }),
  }),
  z.strictObject({
    scheme: z.literal("standard-webhooks"),
    tolerance_seconds: tolerance.optional(),
    private_key_env: envName.optional().meta({ description: "Test signing only: env var with a whsk_ Ed25519 private key, to sign v1a." }),
  }),
]);

/** `provider:`: how to verify and interpret a provider's deliveries. */
export const providerYaml = z.strictObject({
  name: z.string().regex(NAME_PATTERN, { error: "must match [a-z][a-z0-9_-]*" }).optional()
    .meta({ description: "Registry key; defaults to the folder name." }),
  display_name: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, { error: "must be PascalCase, e.g. GitHub" }).optional()
    .meta({ description: "Identifier base for generated types; defaults to PascalCase(name)." }),
  // Optional here because a user file may override single keys of a built-in provider;
  // `merge.ts` requires them once the built-in and user sections are merged.
  signature: signatureYaml.optional(),
  event: z.strictObject({
    type: z.strictObject({
      ...valueSource,
      append_body: bodyPath.optional().meta({
        description: "Appends .<value> of this body path to the type (GitHub's action).",
      }),
      names: z.record(z.string().min(1), z.string().min(1)).optional().meta({
        description:
          "Value → event name, for providers whose type is a code (Discord's interaction type 2 → application_command); applied before append_body. Values not listed stay as they are.",
      }),
      when_present: z.record(bodyPath, z.string().min(1)).optional().meta({
        description:
          "Body path → event name: when header and body paths find no type, the first of these paths (in key order) that holds a non-empty string names the event (Slack slash commands: { command: slash_command }).",
      }),
    }),
    id: z.strictObject(valueSource).optional(),
    timestamp: z.strictObject({
      ...valueSource,
      unit: z.enum(["s", "ms", "iso"]).optional().meta({ description: "Default s (Unix seconds)." }),
    }).optional(),
    object_id: z.strictObject(valueSource).optional().meta({
      description: "The id of the object the event is about (Stripe: data.object.id); what ordering: per_object orders by (docs/ordering.md).",
    }),
    object_timestamp: z.strictObject({
      ...valueSource,
      unit: z.enum(["s", "ms", "iso"]).optional().meta({ description: "Default s (Unix seconds)." }),
    }).optional().meta({ description: "The time of the object's state the event carries; default event.timestamp." }),
  }).optional(),
  body_format: z.enum(["json", "form"]).optional().meta({ description: "Default json." }),
  handshake: z.union([z.literal("slack_url_verification"), z.array(handshakeYaml).min(1)]).optional().meta({
    description: "slack_url_verification, or a list of generic handshakes (challenge, ping, url_validation).",
  }),
  schemas: z.string().min(1).optional().meta({
    description: "Folder of event JSON Schemas (events/*.json, defs/*.json), relative to this file.",
  }),
  delivery: z.strictObject({
    timeout_seconds: z.number().gt(0).max(300).meta({
      description: "Seconds the provider waits for an answer before it counts the delivery failed (Slack 3, GitHub 10); mode: auto hands off before it (docs/queue.md).",
    }),
    retries: z.strictObject({
      attempts: z.int().min(0).max(1000).optional().meta({ description: "Redeliveries after the first failed attempt, where the provider states a number; 0: it never retries by itself." }),
      window_hours: z.number().gt(0).max(24 * 90).optional().meta({ description: "How long the provider keeps retrying, in hours, where it says." }),
      schedule: z.string().min(1).meta({ description: "The provider's retry schedule in its own words (shown by list and the docs)." }),
    }).optional().meta({ description: "What the provider does after a failed delivery (docs/providers/<name>.md)." }),
  }).optional().meta({ description: "What the provider expects of an acknowledgement (docs/queue.md)." }),
});

/** One entry of `webhooks:`. */
export const webhookYaml = z.strictObject({
  path: z.string().regex(PATH_PATTERN, { error: "must be a URL path starting with /, without query or spaces" })
    .optional().meta({ description: "URL path of the endpoint; required for webhooks the built-in spec lacks." }),
  verify_signature: z.boolean().optional().meta({ description: "Default true." }),
  signing_secret_env: z.string().regex(ENV_PATTERN, { error: "must be an environment variable name" }).optional()
    .meta({ description: "Environment variable holding the secret(s), comma-separated for rotation." }),
  signature_header: header.optional().meta({
    description: "Must equal the provider's signature header; per-webhook overrides are not supported.",
  }),
  events: z.array(z.string().min(1)).optional().meta({
    description: "Subscribed event names (or groups such as issues); default every event of the catalog.",
  }),
  rate_limit: z.strictObject({
    requests_per_minute: z.int().min(1),
    burst_limit: z.int().min(1),
  }).optional(),
  ip_whitelist: z.array(
    z.string().refine(isIpOrCidr, { error: "must be an IPv4/IPv6 address or CIDR range such as 10.0.0.0/24" }),
  ).optional().meta({ description: "Allowed client addresses and CIDR ranges." }),
  validation: z.enum(["strict", "lenient", "off"]).optional().meta({ description: "Default lenient." }),
  invalid_status: z.literal([202, 422]).optional().meta({ description: "Default 202." }),
  max_body_bytes: z.int().min(1).max(MAX_MAX_BODY_BYTES).optional()
    .meta({ description: `Default ${DEFAULT_MAX_BODY_BYTES} (1 MiB).` }),
  ordering: z.enum(["none", "per_object"]).optional().meta({
    description: "per_object: a delivery older than the newest one handled for the same object is recorded (stale) and not dispatched; needs provider.event.object_id (docs/ordering.md). Default none.",
  }),
  mode: z.enum(["inline", "queue", "auto"]).optional().meta({
    description: "inline (default): handlers run in the request; queue: on a durable queue, acknowledged at once; auto: inline, handed to the queue before provider.delivery.timeout_seconds runs out (docs/queue.md).",
  }),
});

/** A whole webhook.yaml. */
export const webhookFileYaml = z.strictObject({
  provider: providerYaml.optional().meta({ description: "Required unless a built-in provider of this name exists." }),
  webhooks: z.record(
    z.string().regex(NAME_PATTERN, { error: "webhook names must match [a-z][a-z0-9_-]*" }),
    webhookYaml,
  ).optional(),
});

/** The parsed (not yet merged or defaulted) content of a webhook.yaml. */
export type WebhookFileYaml = z.infer<typeof webhookFileYaml>;
/** One parsed `webhooks:` entry. */
export type WebhookYaml = z.infer<typeof webhookYaml>;
/** A parsed `provider:` section. */
export type ProviderYaml = z.infer<typeof providerYaml>;

/**
 * The JSON Schema of webhook.yaml (committed as `schemas/webhook.schema.json`), as stable text.
 * Draft-07 because that is what YAML editors (yaml-language-server) support best. Checks that
 * only code can express (IP ranges, per-provider event names) are not in it.
 */
export function webhookYamlJsonSchema(): string {
  const schema = z.toJSONSchema(webhookFileYaml, { target: "draft-7", unrepresentable: "any" });
  const withTitle = {
    $schema: schema["$schema"],
    title: "smart-api-integrations webhook.yaml",
    ...schema,
  };
  return `${JSON.stringify(withTitle, null, 2)}\n`;
}
