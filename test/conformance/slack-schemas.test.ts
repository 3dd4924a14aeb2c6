/**
 * Conformance: the Slack sample payloads in test/fixtures/slack/ (`<event>.<case>.json`, written
 * from Slack's documented examples with realistic ids) validate against schemas/slack, as written
 * and with `additionalProperties: false` forced where a schema does not set it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildSlackSchemas, slackCatalog } from "../../scripts/build-slack-schemas.js";
import { compileFolder, contractProblems, errorSignatures, readSchemaFolder, repoRoot } from "./schema-folder.js";

type JsonObject = { [key: string]: unknown };

const fixtureDir = `${repoRoot}test/fixtures/slack/`;
const fixtures = readdirSync(fixtureDir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((file) => ({ file, event: file.split(".")[0]!, payload: JSON.parse(readFileSync(fixtureDir + file, "utf8")) as JsonObject }));

const folder = readSchemaFolder("slack");
const lenient = compileFolder(folder);
const strict = compileFolder(folder, { strict: true });

describe("schemas/slack", () => {
  it("is what scripts/build-slack-schemas.ts writes, and follows the folder contract", () => {
    for (const [path, text] of buildSlackSchemas()) expect(readFileSync(`${repoRoot}schemas/slack/${path}`, "utf8"), path).toBe(text);
    expect([...folder.events.keys()]).toEqual(slackCatalog());
    expect(contractProblems(folder)).toEqual([]);
  });

  it("has 2-3 sample payloads per event with a hand-written schema", () => {
    for (const event of ["app_mention", "message", "reaction_added"]) {
      const n = fixtures.filter((f) => f.event === event).length;
      expect(n, event).toBeGreaterThanOrEqual(2);
      expect(n, event).toBeLessThanOrEqual(3);
    }
  });

  it.each(fixtures.map((f) => [f.file, f] as const))("%s validates (as written and strict)", (_file, { event, payload }) => {
    expect((payload.event as JsonObject).type).toBe(event);
    for (const compiled of [lenient, strict]) {
      const validate = compiled.validator(event);
      expect(validate(payload) ? [] : errorSignatures(validate)).toEqual([]);
    }
  });

  it("rejects a wrong envelope type, a missing event id and a mismatched inner event", () => {
    const [sample] = fixtures.filter((f) => f.event === "message");
    const validate = lenient.validator("message");
    expect(validate({ ...sample!.payload, type: "url_verification" })).toBe(false);
    const { event_id: _omit, ...withoutId } = sample!.payload;
    expect(validate(withoutId)).toBe(false);
    const reaction = fixtures.find((f) => f.event === "reaction_added")!.payload;
    expect(validate({ ...sample!.payload, event: reaction.event })).toBe(false);
    expect(lenient.validator("reaction_added")({ ...reaction, event: { ...(reaction.event as JsonObject), item: { type: "message" } } })).toBe(false);
  });
});
