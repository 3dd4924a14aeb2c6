import { describe, expect, it } from "vitest";
import { compileExtraction, compileObjectExtraction } from "./extract.js";

describe("compileExtraction", () => {
  const slack = compileExtraction({
    type: { body: ["event.type", "type"], whenPresent: [{ path: "command", type: "slash_command" }] },
    id: { body: ["event_id"] },
  });

  it("names a delivery without a type by the first present when_present path", () => {
    expect(slack({}, { command: "/weather", text: "x" }, 5)).toMatchObject({ type: "slash_command", baseType: "slash_command", id: undefined, timestampMs: 5 });
  });

  it("never overrides a type the sources found, and ignores empty values", () => {
    expect(slack({}, { type: "block_actions", command: "/x" }, 0).type).toBe("block_actions");
    expect(slack({}, { event: { type: "app_mention" }, command: "/x" }, 0).type).toBe("app_mention");
    expect(slack({}, { command: "" }, 0).type).toBeUndefined();
  });

  it("appends the action and reads headers first (GitHub)", () => {
    const github = compileExtraction({ type: { header: "x-github-event", appendBody: "action" }, id: { header: "x-github-delivery" } });
    expect(github({ "x-github-event": "issues", "x-github-delivery": "d1" }, { action: "opened" }, 0)).toMatchObject({ type: "issues.opened", baseType: "issues", id: "d1" });
    expect(github({ "x-github-event": ["push", "x"] }, {}, 0).type).toBe("push, x");
  });
});

describe("compileExtraction: names", () => {
  it("renames a coded type before appending (Discord: 2 + data.name → application_command.deploy); other values stay", () => {
    const discord = compileExtraction({ type: { body: ["type"], names: { "1": "ping", "2": "application_command" }, appendBody: "data.name" } });
    expect(discord({}, { type: 2, data: { name: "deploy" } }, 0)).toMatchObject({ type: "application_command.deploy", baseType: "application_command" });
    expect(discord({}, { type: 1 }, 0).type).toBe("ping");
    expect(discord({}, { type: 9 }, 0).type).toBe("9");
    // Own keys only: a type named after an Object.prototype member is not renamed to a function.
    expect(discord({}, { type: "constructor" }, 0).type).toBe("constructor");
  });
});

describe("compileObjectExtraction", () => {
  const base = { type: { body: ["type"] }, timestamp: { body: ["created"], unit: "s" as const } };

  it("reads the object's id and, by default, the event's time (Stripe: data.object.id at created)", () => {
    const read = compileObjectExtraction({ ...base, objectId: { body: ["data.object.id"] } })!;
    expect(read({}, { created: 1_700_000_000, data: { object: { id: "pi_1" } } })).toEqual({ id: "pi_1", timestampMs: 1_700_000_000_000 });
  });

  it("prefers object_timestamp, in its own unit", () => {
    const read = compileObjectExtraction({ ...base, objectId: { body: ["issue.id"] }, objectTimestamp: { body: ["issue.updated_at"], unit: "iso" } })!;
    expect(read({}, { created: 1, issue: { id: 42, updated_at: "2024-01-02T03:04:05Z" } })).toEqual({ id: "42", timestampMs: Date.parse("2024-01-02T03:04:05Z") });
  });

  it("answers undefined for a delivery without an object id or a stated time, never the time of receipt", () => {
    const read = compileObjectExtraction({ ...base, objectId: { body: ["data.object.id"] } })!;
    expect(read({}, { created: 1, data: { object: {} } })).toBeUndefined();
    expect(read({}, { data: { object: { id: "pi_1" } } })).toBeUndefined();
    expect(read({}, { created: "soon", data: { object: { id: "pi_1" } } })).toBeUndefined();
  });

  it("is undefined when the extraction declares no object id or no time at all", () => {
    expect(compileObjectExtraction(base)).toBeUndefined();
    expect(compileObjectExtraction({ type: { body: ["type"] }, objectId: { body: ["x"] } })).toBeUndefined();
  });
});
