/**
 * The validated, normalised form of a provider: what `manifest/` produces and `codegen/` consumes.
 */
import type {
  DeliveryBudget,
  EventExtraction,
  HandshakeConfig,
  SignatureConfig,
  WebhookConfig,
} from "../runtime/types.js";

/** A JSON Schema object (draft 2020-12 / OpenAPI 3.1 subset). */
export type JsonSchema = { readonly [keyword: string]: unknown };

/**
 * A provider's event schemas, compiled together so that shared definitions are emitted once.
 *
 * Every `$ref` is normalised to `#/defs/<Name>` where `<Name>` is a key of `defs`;
 * a `$ref` that cannot be resolved is a {@link SpecError}, never a silent `any`.
 */
export interface ProviderSchemas {
  /** Event name → payload schema. */
  readonly events: Readonly<Record<string, JsonSchema>>;
  /** Shared definition name (already PascalCase-safe) → schema. */
  readonly defs: Readonly<Record<string, JsonSchema>>;
  /** Event name or `#/defs/<Name>` → the file it came from (posix, relative to cwd), for errors. */
  readonly sources: Readonly<Record<string, string>>;
}

/** One provider, ready for code generation. */
export interface ProviderSpec {
  /** Registry key, e.g. `stripe`. */
  readonly name: string;
  /** Identifier base for generated names, e.g. `GitHub`. */
  readonly displayName: string;
  /** Posix path of the webhook.yaml, relative to cwd (used in the generated header). */
  readonly source: string;
  readonly signature: SignatureConfig;
  readonly event: EventExtraction;
  readonly bodyFormat: "json" | "form";
  readonly handshake?: "slack_url_verification" | readonly HandshakeConfig[];
  /** The provider's acknowledgement deadline (`provider.delivery`). */
  readonly delivery?: DeliveryBudget;
  readonly schemas: ProviderSchemas;
  /** Webhook name → config; `events` lists catalog names only (groups already expanded). */
  readonly webhooks: Readonly<Record<string, WebhookConfig>>;
}

/** A file to write: posix path relative to the output directory, and its full text. */
export interface GeneratedFile {
  readonly path: string;
  readonly contents: string;
}
