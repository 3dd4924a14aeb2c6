import { describe, expect, it } from "vitest";
import { componentOf, convertSchema, type ConvertContext } from "./convert.js";
import type { ImportIssue, Json } from "./types.js";

function convert(schema: Json, components: readonly string[] = []): { out: Json; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const ctx: ConvertContext = { issues, defOf: (c) => (components.includes(c) ? `Def${c}` : undefined) };
  return { out: convertSchema(schema, "/s", ctx), issues };
}

describe("convertSchema", () => {
  it("keeps the subset, drops annotations and x-* extensions", () => {
    const { out, issues } = convert({
      type: "object",
      required: ["a"],
      "x-vendor": { anything: true },
      example: { a: "x" },
      discriminator: { propertyName: "kind" },
      properties: { a: { type: "string", pattern: "^a", deprecated: true, readOnly: true }, not: { type: "integer", minimum: 0 } },
    });
    expect(issues).toEqual([]);
    expect(out).toEqual({ type: "object", required: ["a"], properties: { a: { type: "string", pattern: "^a" }, not: { type: "integer", minimum: 0 } } });
  });

  it("rewrites component refs to #/defs/<Name> and reports other refs at their pointer", () => {
    const { out, issues } = convert({ anyOf: [{ $ref: "#/components/schemas/user" }, { $ref: "#/components/schemas/nope" }, { $ref: "other.json#/x" }] }, ["user"]);
    expect(out).toEqual({ anyOf: [{ $ref: "#/defs/Defuser" }, {}, {}] });
    expect(issues.map((i) => i.pointer)).toEqual(["/s/anyOf/1/$ref", "/s/anyOf/2/$ref"]);
    expect(issues[0]!.message).toMatch(/no components\.schemas\.nope/);
  });

  it.each([
    ["not", { not: { type: "null" } }, "/s/not"],
    ["patternProperties", { patternProperties: { "^x": {} } }, "/s/patternProperties"],
    ["if/then", { if: { type: "string" }, then: { minLength: 1 } }, "/s/if"],
    ["prefixItems", { type: "array", prefixItems: [{ type: "string" }] }, "/s/prefixItems"],
    ["tuple items", { type: "array", items: [{ type: "string" }] }, "/s/items"],
    ["nested", { properties: { a: { properties: { "b/c": { uniqueItems: true } } } } }, "/s/properties/a/properties/b~1c/uniqueItems"],
  ])("refuses %s with its JSON pointer, never dropping it", (_, schema, pointer) => {
    const { issues } = convert(schema as Json);
    expect(issues.map((i) => i.pointer)).toContain(pointer);
  });

  it("reads a null-only type beside a composite as 'composite or null' (GitHub's repository-advisory.author)", () => {
    expect(convert({ description: "d", allOf: [{ $ref: "#/components/schemas/u" }], type: ["null"] }, ["u"]).out).toEqual({
      description: "d",
      anyOf: [{ allOf: [{ $ref: "#/defs/Defu" }] }, { type: "null" }],
    });
    expect(convert({ type: ["null"] }).out).toEqual({ type: ["null"] });
  });

  it("turns OpenAPI 3.0 nullable into a null type", () => {
    expect(convert({ type: "string", enum: ["a"], nullable: true }).out).toEqual({ type: ["string", "null"], enum: ["a", null] });
    expect(convert({ $ref: "#/components/schemas/u", nullable: true }, ["u"]).out).toEqual({ anyOf: [{ $ref: "#/defs/Defu" }, { type: "null" }] });
  });
});

describe("componentOf", () => {
  it("decodes pointer escapes and percent-encoding; refuses refs into a component", () => {
    expect(componentOf("#/components/schemas/a~1b")).toBe("a/b");
    expect(componentOf("#/components/schemas/a%20b")).toBe("a b");
    expect(componentOf("#/components/schemas/a/properties/b")).toBeUndefined();
    expect(componentOf("#/definitions/a")).toBeUndefined();
  });
});
