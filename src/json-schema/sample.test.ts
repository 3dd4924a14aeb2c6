// Every event of the built-in catalogs gets a sample the generated validators accept, strict and lenient.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { githubValidators } from "../../generated/github/validators.js";
import { slackValidators } from "../../generated/slack/validators.js";
import { stripeValidators } from "../../generated/stripe/validators.js";
import { fsSpecSource } from "../cli/fs-source.js";
import { freshPayload, identityHeaders } from "../cli/sample-delivery.js";
import { loadProviderSpecs } from "../manifest/index.js";
import type { ValidatorFactory } from "../runtime/types.js";
import { SamplePayloadError, samplePayload, schemaAtPath } from "./sample.js";
import type { JsonSchema } from "./types.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
// The three whose validators this repository generates (package.json's include).
const specs = loadProviderSpecs({ source: fsSpecSource(root), providersDir: "providers", include: ["github", "slack", "stripe"] });
const validators: Record<string, ValidatorFactory> = { github: githubValidators, slack: slackValidators, stripe: stripeValidators };
const fresh = { now: Date.UTC(2026, 0, 2, 3, 4, 5), hex: "0123456789abcdef", uuid: "11111111-2222-4333-8444-555555555555" };

const cases = specs.flatMap((spec) => Object.keys(spec.schemas.events).map((event) => [spec.name, event] as const));

function accepts(provider: string, event: string, value: unknown): string[] {
  const failures: string[] = [];
  for (const mode of ["strict", "lenient"] as const) {
    const result = validators[provider]!(mode)(event)!.safeParse(value);
    if (!result.success) failures.push(`${mode}: ${JSON.stringify(result.error?.issues.slice(0, 3))}`);
  }
  return failures;
}

describe("samplePayload over the built-in catalogs", () => {
  it("covers the three providers", () => {
    expect(specs.map((s) => s.name)).toEqual(["github", "slack", "stripe"]);
    expect(cases.length).toBeGreaterThan(50);
  });

  /**
   * Events whose schema admits no value (none today). GitHub's `repository-advisory.author`
   * (`type: ["null"]` beside `allOf: [SimpleUser]`) was one until the importer read it as
   * "SimpleUser or null" (src/openapi/convert.ts, repairNullOnlyComposite).
   */
  const NO_SAMPLE = new Set<string>();

  it("refuses, with the JSON pointer, exactly the events whose schema admits no sample", () => {
    const refused = cases.filter(([provider, event]) => {
      const spec = specs.find((s) => s.name === provider)!;
      try {
        samplePayload(spec.schemas.events[event]!, spec.schemas.defs);
        return false;
      } catch (error) {
        return error instanceof SamplePayloadError;
      }
    });
    expect(new Set(refused.map(([p, e]) => `${p} ${e}`))).toEqual(NO_SAMPLE);
  });

  /** Whether freshPayload wrote an identity field (type, id, timestamp) at a body path the event's schema does not declare. */
  function writesUndeclared(provider: string, event: string): boolean {
    const spec = specs.find((s) => s.name === provider)!;
    const schema = spec.schemas.events[event]!;
    const payload = freshPayload(spec.schemas, spec.event, event, fresh);
    const paths = [spec.event.type.body?.[0], spec.event.id?.body?.[0], spec.event.timestamp?.body?.[0]].filter((p): p is string => p !== undefined);
    const at = (path: string): unknown => path.split(".").reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), payload);
    return paths.some((path) => schemaAtPath(schema, spec.schemas.defs, path) === undefined && at(path) !== undefined);
  }

  // Slack's top-level deliveries (url_verification, app_rate_limited, interactivity, slash_command)
  // declare no event/event_id/event_time: freshPayload must not add them (strict would refuse).
  it("no fresh delivery carries an identity key its schema does not declare", () => {
    expect(cases.filter(([p, e]) => !NO_SAMPLE.has(`${p} ${e}`) && writesUndeclared(p, e))).toEqual([]);
  });

  it.each(cases.filter(([p, e]) => !NO_SAMPLE.has(`${p} ${e}`)))("%s %s: the bare sample and the fresh delivery validate in strict and lenient mode", (provider, event) => {
    const spec = specs.find((s) => s.name === provider)!;
    expect(accepts(provider, event, samplePayload(spec.schemas.events[event]!, spec.schemas.defs))).toEqual([]);
    expect(accepts(provider, event, freshPayload(spec.schemas, spec.event, event, fresh))).toEqual([]);
  });
});

describe("freshPayload fills the event identity where the provider's extraction reads it", () => {
  const spec = (name: string) => specs.find((s) => s.name === name)!;

  it("stripe: id evt_test_<hex>, created now (s), type", () => {
    const p = freshPayload(spec("stripe").schemas, spec("stripe").event, "payment_intent.succeeded", fresh) as Record<string, unknown>;
    expect(p["id"]).toBe("evt_test_0123456789abcdef");
    expect(p["created"]).toBe(Math.floor(fresh.now / 1000));
    expect(p["type"]).toBe("payment_intent.succeeded");
    expect(identityHeaders(spec("stripe").event, "payment_intent.succeeded", fresh)).toEqual({ "content-type": "application/json" });
  });

  it("slack: the id honours the schema's ^Ev pattern; the type sits at event.type", () => {
    const p = freshPayload(spec("slack").schemas, spec("slack").event, "app_mention", fresh) as Record<string, Record<string, unknown>>;
    expect(p["event_id"]).toBe("Ev_test_0123456789abcdef");
    expect(p["event_time"]).toBe(Math.floor(fresh.now / 1000));
    expect(p["event"]!["type"]).toBe("app_mention");
    expect(p["type"]).toBe("event_callback");
  });

  it("github: action in the body, event and delivery id in headers", () => {
    const p = freshPayload(spec("github").schemas, spec("github").event, "pull_request.auto_merge_disabled", fresh) as Record<string, unknown>;
    expect(p["action"]).toBe("auto_merge_disabled");
    expect(identityHeaders(spec("github").event, "pull_request.auto_merge_disabled", fresh)).toEqual({
      "content-type": "application/json",
      "x-github-event": "pull_request",
      "x-github-delivery": fresh.uuid,
    });
    expect(identityHeaders(spec("github").event, "push", fresh)["x-github-event"]).toBe("push");
  });

  it("iso and ms timestamps, numeric ids, and missing parents", () => {
    const schema: JsonSchema = {
      type: "object",
      properties: { meta: { type: "object", properties: { id: { type: "integer" }, at: { type: "string" } }, required: ["at"] }, ms: { type: "integer" } },
    };
    const extraction = { type: { body: ["kind"] }, id: { body: ["meta.id"] }, timestamp: { body: ["meta.at"], unit: "iso" as const } };
    const p = freshPayload({ events: { e: schema }, defs: {}, sources: {} }, extraction, "e", fresh);
    expect(p).toEqual({ meta: { at: "2026-01-02T03:04:05.000Z", id: 0x0123456789ab }, kind: "e" });
  });
});

describe("samplePayload rules", () => {
  const s = (schema: JsonSchema, defs: Record<string, JsonSchema> = {}) => samplePayload(schema, defs);

  it("required keys only, but every key of a closed object", () => {
    expect(s({ type: "object", properties: { a: { type: "string" }, b: { type: "integer" } }, required: ["b"] })).toEqual({ b: 0 });
    expect(s({ type: "object", properties: { a: { type: "string" }, b: { type: "boolean" } }, additionalProperties: false })).toEqual({ a: "test", b: false });
  });

  it("const/enum first value, non-null for nullable, first non-null branch, allOf merged", () => {
    expect(s({ enum: [null, "x", "y"] })).toBe("x");
    expect(s({ const: 7 })).toBe(7);
    expect(s({ type: ["null", "integer", "string"] })).toBe(0);
    expect(s({ anyOf: [{ type: "null" }, { type: "string", format: "date-time" }] })).toBe("2026-01-01T00:00:00Z");
    expect(
      s({ allOf: [{ $ref: "#/defs/A" }, { type: "object", properties: { b: { const: "b" } }, required: ["b"] }] }, {
        A: { type: "object", properties: { a: { type: "integer", minimum: 3 } }, required: ["a"] },
      }),
    ).toEqual({ a: 3, b: "b" });
  });

  it("strings honour pattern and minLength; numbers their bounds; arrays minItems", () => {
    expect(s({ type: "string", pattern: "^[0-9]+\\.[0-9]+$" })).toBe("1.0");
    expect(s({ type: "string", pattern: "^evt_" })).toBe("evt_test");
    expect(s({ type: "string", pattern: "^[A-Z][0-9]$" })).toBe("A1");
    expect(s({ type: "string", minLength: 6 })).toBe("test00");
    expect(s({ type: "integer", exclusiveMinimum: 0 })).toBe(1);
    expect(s({ type: "number", maximum: -2.5 })).toBe(-2.5);
    expect(s({ type: "array", items: { type: "string" }, minItems: 2 })).toEqual(["test", "test"]);
    expect(() => s({ type: "object", properties: { x: { type: "string", pattern: "^zz$" } }, required: ["x"] })).toThrow(
      new SamplePayloadError("/x", 'no sample string satisfies pattern "^zz$"; pass --payload <file.json>'),
    );
  });

  it("recursive defs: optional self-references are omitted, nullable ones become null, others fail clearly", () => {
    const defs: Record<string, JsonSchema> = {
      Node: { type: "object", properties: { child: { $ref: "#/defs/Node" }, name: { type: "string" } }, additionalProperties: false },
      Linked: { type: "object", properties: { next: { anyOf: [{ $ref: "#/defs/Linked" }, { type: "null" }] } }, required: ["next"] },
      Loop: { type: "object", properties: { again: { $ref: "#/defs/Loop" } }, required: ["again"] },
    };
    expect(s({ $ref: "#/defs/Node" }, defs)).toEqual({ name: "test" });
    expect(s({ $ref: "#/defs/Linked" }, defs)).toEqual({ next: null });
    expect(() => s({ $ref: "#/defs/Loop" }, defs)).toThrow(/requires itself/);
  });

  it("a oneOf/anyOf branch the rest of the schema rules out falls through to the next (GitHub's forkee.created_at)", () => {
    const createdAt: JsonSchema = { allOf: [{ oneOf: [{ type: "integer" }, { type: "string", format: "date-time" }] }, { type: "string" }] };
    expect(s(createdAt)).toBe("2026-01-01T00:00:00Z");
    expect(s({ anyOf: [{ type: "string", pattern: "^zz$" }, { type: "integer" }] })).toBe(0);
    // No branch works: the first branch's own error is reported.
    expect(() => s({ type: "string", anyOf: [{ type: "integer" }, { type: "boolean" }] })).toThrow(
      new SamplePayloadError("", 'the allOf branches disagree on "type"; pass --payload <file.json>'),
    );
  });

  it("allOf is folded as the validators fold it: integer ∧ number, tighter bounds, conflicts named", () => {
    expect(s({ allOf: [{ type: "number", minimum: 1 }, { type: "integer", minimum: 2 }] })).toBe(2);
    expect(() => s({ allOf: [{ const: "a" }, { const: "b" }] })).toThrow(
      new SamplePayloadError("", 'the allOf branches disagree on "const"; pass --payload <file.json>'),
    );
  });

  it("schemaAtPath follows refs and branches", () => {
    const defs: Record<string, JsonSchema> = { E: { type: "object", properties: { id: { type: "string", pattern: "^Ev" } } } };
    const root: JsonSchema = { type: "object", properties: { event: { anyOf: [{ type: "null" }, { $ref: "#/defs/E" }] } } };
    expect(schemaAtPath(root, defs, "event.id")).toEqual({ type: "string", pattern: "^Ev" });
    expect(schemaAtPath(root, defs, "event.nope")).toBeUndefined();
  });
});
