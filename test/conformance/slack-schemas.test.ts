/**
 * Conformance: the Slack sample payloads in test/fixtures/slack/ (`<event>.<case>.json`, written
 * from Slack's documented examples with realistic ids) and examples/payloads/slack.*.json validate
 * against schemas/slack, as written and with `additionalProperties: false` forced where a schema
 * does not set it; and every inner event schema declares the fields of its @slack/types interface,
 * read here independently of the build script (top-level members of the .d.ts text).
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

const examples = readdirSync(`${repoRoot}examples/payloads/`)
  .filter((f) => /^slack\..+\.json$/.test(f))
  .sort()
  .map((file) => ({ file, event: file.split(".")[1]!, payload: JSON.parse(readFileSync(`${repoRoot}examples/payloads/${file}`, "utf8")) as JsonObject }));

/** `type` literal → the top-level members (`name` → optional?) of each @slack/types interface with that type. */
function slackTypesMembers(): Map<string, Map<string, boolean>[]> {
  const dir = `${repoRoot}node_modules/@slack/types/dist/events/`;
  const out = new Map<string, Map<string, boolean>[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".d.ts")).sort()) {
    for (const m of readFileSync(dir + file, "utf8").matchAll(/export interface \w+ \{\n((?: {4}.*\n|\s*\n)*?)\}/g)) {
      const type = /^ {4}type: '([a-z_]+)';/m.exec(m[1]!)?.[1];
      if (type === undefined) continue;
      const members = new Map<string, boolean>();
      for (const p of m[1]!.matchAll(/^ {4}(\w+)(\?)?: (.*)$/gm)) if (p[3] !== "undefined;") members.set(p[1]!, p[2] === "?");
      out.set(type, [...(out.get(type) ?? []), members]);
    }
  }
  return out;
}

const folder = readSchemaFolder("slack");
const lenient = compileFolder(folder);
const strict = compileFolder(folder, { strict: true });

describe("schemas/slack", () => {
  it("is what scripts/build-slack-schemas.ts writes, and follows the folder contract", () => {
    for (const [path, text] of buildSlackSchemas()) expect(readFileSync(`${repoRoot}schemas/slack/${path}`, "utf8"), path).toBe(text);
    expect([...folder.events.keys()]).toEqual(slackCatalog());
    expect(contractProblems(folder)).toEqual([]);
  });

  it("types every inner event field by field: the members of its @slack/types interface, `?` optional", () => {
    const defs = (name: string): JsonObject => JSON.parse(readFileSync(`${repoRoot}schemas/slack/defs/${name}.json`, "utf8")) as JsonObject;
    // Documented deviations from @slack/types (see OVERLAYS in scripts/build-slack-schemas.ts).
    const optionalByDocs: Record<string, string[]> = { reaction_added: ["item_user"], reaction_removed: ["item_user"] };
    let typed = 0;
    for (const [type, interfaces] of slackTypesMembers()) {
      const event = folder.events.get(type) as JsonObject | undefined;
      if (event === undefined || type === "app_rate_limited") continue;
      const inner = (event.properties as JsonObject).event as JsonObject;
      const def = defs(/^\.\.\/defs\/(\w+)\.json$/.exec(inner.$ref as string)![1]!);
      const properties = Object.keys(def.properties as JsonObject);
      const required = def.required as string[];
      for (const members of interfaces) expect(properties, type).toEqual(expect.arrayContaining([...members.keys()]));
      if (interfaces.length === 1) {
        const expected = [...interfaces[0]!].filter(([k, optional]) => !optional && !(optionalByDocs[type] ?? []).includes(k)).map(([k]) => k);
        expect([...required].sort(), type).toEqual(expected.sort());
      } else {
        // Several interfaces (the message subtypes): required is what every one of them requires.
        const everywhere = [...interfaces[0]!.keys()].filter((k) => interfaces.every((m) => m.get(k) === false));
        expect([...required].sort(), type).toEqual(everywhere.sort());
      }
      typed++;
    }
    expect(typed).toBe(89);
  });

  it("has 2-3 sample payloads per event with a documented example", () => {
    for (const event of ["app_mention", "message", "reaction_added"]) {
      const n = fixtures.filter((f) => f.event === event).length;
      expect(n, event).toBeGreaterThanOrEqual(2);
      expect(n, event).toBeLessThanOrEqual(3);
    }
  });

  it.each([...fixtures, ...examples].map((f) => [f.file, f] as const))("%s validates (as written and strict)", (_file, { event, payload }) => {
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
