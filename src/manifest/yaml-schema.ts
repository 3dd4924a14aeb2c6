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
  z.strictObject({
    scheme: z.literal("hmac"),
    header,
    algorithm: z.enum(["sha1", "sha256", "sha512"]).optional().meta({ description: "Default sha256." }),
    encoding: z.enum(["hex", "base64"]).optional().meta({ description: "Default hex." }),
    prefix: z.string().optional().meta({ description: "Stripped from the header value, e.g. sha256= (default none)." }),
    signed_content: z.string().min(1).optional().meta({
      description: "Template of the signed bytes with {body}, {timestamp}, {id} (default {body}).",
    }),
    timestamp_header: header.optional(),
    id_header: header.optional(),
    tolerance_seconds: tolerance.optional(),
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
  }).optional(),
  body_format: z.enum(["json", "form"]).optional().meta({ description: "Default json." }),
  handshake: z.literal("slack_url_verification").optional(),
  schemas: z.string().min(1).optional().meta({
    description: "Folder of event JSON Schemas (events/*.json, defs/*.json), relative to this file.",
  }),
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
