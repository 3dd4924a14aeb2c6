/**
 * In-process pipelines for the built-in providers' conformance tests: a registry holding one
 * definition, the real request pipeline (createWebhookHandler) over its default webhook, and
 * POSTs shaped the way an adapter hands them over. No HTTP server: the e2e suites do that.
 */
import type { HandlerEvent } from "../../../src/runtime/event.js";
import { createWebhookHandler, type WebhookHandlerFn } from "../../../src/runtime/pipeline.js";
import type { Processor } from "../../../src/runtime/processor.js";
import { WebhookRegistry } from "../../../src/runtime/registry.js";
import type { ProviderDefinition, WebhookRequest, WebhookResponse } from "../../../src/runtime/types.js";
import { lower } from "../schemes/harness.js";
import { builtinDefinition } from "./builtin.js";

/** A logger that drops every line (refusals are asserted on the answers, not on the log). */
export const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** Any event a `"*"` handler receives. */
export type AnyEvent = HandlerEvent<Record<string, unknown>, "*">;

/**
 * A POST of `body` to `path` from 127.0.0.1, as an adapter hands it to the pipeline: header names
 * lower-cased, `content-type: application/json` unless `headers` sets another.
 */
export function postRequest(path: string, body: string, headers: Readonly<Record<string, string>> = {}): WebhookRequest {
  return {
    method: "POST",
    path,
    headers: lower({ "content-type": "application/json", ...headers }),
    remoteAddress: "127.0.0.1",
    readBody: () => Promise.resolve(new TextEncoder().encode(body)),
  };
}

/** One built-in provider's default webhook behind the real pipeline. */
export interface Pipeline {
  readonly registry: WebhookRegistry;
  /** The default webhook's processor: register more handlers on it. */
  readonly processor: Processor;
  /** The default webhook's path, the one route the handler serves. */
  readonly path: string;
  /** What `record` wrote for each dispatched event, in order (empty without `record`). */
  readonly seen: string[];
  readonly handler: WebhookHandlerFn;
  /** Runs {@link postRequest} of `body` and `headers` to {@link path} through the handler. */
  post(body: string, headers?: Readonly<Record<string, string>>): Promise<WebhookResponse | undefined>;
}

export interface PipelineSetup {
  /** The environment the pipeline reads its secrets from (the spec's secretEnv). */
  readonly env: Readonly<Record<string, string>>;
  /** When given, a `"*"` handler pushes `record(event)` onto `seen`; without it no handler is registered. */
  readonly record?: (event: AnyEvent) => string;
  /** The definition to register instead of the built-in one (a variant of it, say with other ordering). */
  readonly definition?: ProviderDefinition;
}

/**
 * The built-in provider `name` (or `setup.definition`) in a fresh registry, its default webhook
 * routed at its own path, with a silent logger.
 */
export function builtinPipeline(name: string, setup: PipelineSetup): Pipeline {
  const def = setup.definition ?? builtinDefinition(name);
  const path = def.webhooks.default!.path;
  const registry = new WebhookRegistry().register(def);
  const processor = registry.processorFor(name, "default");
  const seen: string[] = [];
  const { record } = setup;
  if (record !== undefined) processor.on("*", (event) => void seen.push(record(event)));
  const handler = createWebhookHandler([{ provider: name, webhook: "default", path }], { registry, env: setup.env, logger: silent });
  return { registry, processor, path, seen, handler, post: (body, headers) => handler(postRequest(path, body, headers)) };
}
