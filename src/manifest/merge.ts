/**
 * Merges a user's webhook.yaml over the built-in one of the same provider, remembering where
 * every resulting value was written so later errors point at the right file and line.
 *
 * Rules: each key of `provider:` the user writes replaces the built-in's value of that key as a
 * whole (so `signature:` is replaced entirely, never mixed); each `webhooks.<name>` entry merges
 * key by key onto the built-in's same-named webhook (again whole values: `rate_limit` as one);
 * built-in webhooks the user does not mention are kept unchanged.
 */
import type { ParsedFile } from "./positions.js";
import type { ProviderYaml, WebhookFileYaml, WebhookYaml } from "./yaml-schema.js";

/** A value together with the file and YAML path it was written at. */
export interface Located<T> {
  readonly value: T;
  readonly file: ParsedFile;
  readonly path: readonly PropertyKey[];
}

/** A parsed and shape-checked webhook.yaml. */
export interface LoadedFile {
  readonly parsed: ParsedFile;
  readonly yaml: WebhookFileYaml;
}

/** Each key of a section, located. */
export type LocatedFields<T> = { [K in keyof T]?: Located<NonNullable<T[K]>> };

/** One webhook after merging. */
export interface MergedWebhook {
  /** Where the webhook is declared (the user's entry when there is one): errors about it point here. */
  readonly at: Located<string>;
  readonly fields: LocatedFields<WebhookYaml>;
  /** Whether the built-in spec declares this webhook. */
  readonly builtin: boolean;
}

/** One provider after merging. */
export interface MergedProvider {
  /** Folder name under providers/. */
  readonly folder: string;
  /** The user's file (the one generated code names as its source). */
  readonly file: ParsedFile;
  readonly hasBuiltin: boolean;
  readonly provider: LocatedFields<ProviderYaml>;
  readonly webhooks: ReadonlyMap<string, MergedWebhook>;
}

/** Merges `user` over `builtin` (when there is one). */
export function mergeProviderFiles(folder: string, builtin: LoadedFile | undefined, user: LoadedFile): MergedProvider {
  const provider: Record<string, Located<unknown>> = {};
  const webhooks = new Map<string, { at: Located<string>; fields: Record<string, Located<unknown>>; builtin: boolean }>();
  for (const f of builtin === undefined ? [user] : [builtin, user]) {
    for (const [k, v] of Object.entries(f.yaml.provider ?? {})) {
      if (v !== undefined) provider[k] = { value: v, file: f.parsed, path: ["provider", k] };
    }
    for (const [name, hook] of Object.entries(f.yaml.webhooks ?? {})) {
      const at: Located<string> = { value: name, file: f.parsed, path: ["webhooks", name] };
      const prev = webhooks.get(name);
      const entry = prev ?? { at, fields: {}, builtin: f === builtin };
      entry.at = at;
      for (const [k, v] of Object.entries(hook)) {
        if (v !== undefined) entry.fields[k] = { value: v, file: f.parsed, path: ["webhooks", name, k] };
      }
      webhooks.set(name, entry);
    }
  }
  return {
    folder,
    file: user.parsed,
    hasBuiltin: builtin !== undefined,
    // The records were filled from zod-checked sections, key for key, so they have these shapes.
    provider: provider as LocatedFields<ProviderYaml>,
    webhooks: webhooks as ReadonlyMap<string, MergedWebhook>,
  };
}
