/**
 * webhook.yaml's ordering keys: `provider.event.object_id` / `object_timestamp` and a webhook's
 * `ordering: per_object` (docs/ordering.md), loaded into the spec, and refused where nothing can
 * be ordered by.
 */
import { describe, expect, it } from "vitest";
import { SpecErrors } from "./errors.js";
import { loadProviderSpecs } from "./load.js";
import { memorySource } from "./source.js";

const schemas = { "schemas/acme/events/thing.updated.json": '{ "type": "object" }' };

function load(event: string, webhook: string) {
  const yaml = `provider:
  signature: { scheme: github }
  event:
${event}
  schemas: ../../schemas/acme
webhooks:
  default:
    path: /webhooks/acme/
    signing_secret_env: ACME_SECRET
${webhook}`;
  const source = memorySource({ "providers/acme/webhook.yaml": yaml, ...schemas });
  return loadProviderSpecs({ source, providersDir: "providers" });
}

function errorsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SpecErrors);
    return (e as SpecErrors).errors.map((x) => x.message);
  }
  throw new Error("expected SpecErrors");
}

describe("ordering keys in webhook.yaml", () => {
  it("loads object_id (defaulting its time to event.timestamp) and ordering: per_object", () => {
    const [spec] = load("    type: { body: [type] }\n    timestamp: { body: [at], unit: ms }\n    object_id: { body: [thing.id] }", "    ordering: per_object\n");
    expect(spec!.event.objectId).toEqual({ body: ["thing.id"] });
    expect(spec!.event.objectTimestamp).toBeUndefined();
    expect(spec!.webhooks.default!.ordering).toBe("per_object");
  });

  it("loads an object_timestamp of its own, unit defaulting to s", () => {
    const [spec] = load("    type: { body: [type] }\n    object_id: { header: X-Thing }\n    object_timestamp: { body: [thing.updated_at] }", "    ordering: per_object\n");
    expect(spec!.event.objectId).toEqual({ header: "x-thing" });
    expect(spec!.event.objectTimestamp).toEqual({ body: ["thing.updated_at"], unit: "s" });
  });

  it("leaves ordering out of the config for none (the default)", () => {
    const [spec] = load("    type: { body: [type] }", "    ordering: none\n");
    expect("ordering" in spec!.webhooks.default!).toBe(false);
  });

  it("refuses per_object without an object id, or without a time to order by", () => {
    expect(errorsOf(() => load("    type: { body: [type] }\n    timestamp: { body: [at] }", "    ordering: per_object\n")).join("\n")).toMatch(
      /providers\/acme\/webhook\.yaml:\d+:\d+: .*ordering: per_object needs provider\.event\.object_id/,
    );
    expect(errorsOf(() => load("    type: { body: [type] }\n    object_id: { body: [thing.id] }", "    ordering: per_object\n")).join("\n")).toMatch(
      /ordering: per_object needs provider\.event\.object_id and a time/,
    );
  });

  it("refuses an unknown ordering value", () => {
    expect(errorsOf(() => load("    type: { body: [type] }", "    ordering: global\n")).join("\n")).toMatch(/ordering/);
  });
});
