import { describe, expect, it } from "vitest";
import type { JsonSchema } from "./types.js";
import { mapSchemas, visitSchemas } from "./walk.js";

const schema: JsonSchema = {
  type: "object",
  properties: {
    "a/b": { $ref: "#/defs/A" },
    list: { type: "array", items: { oneOf: [{ type: "string" }, true] } },
  },
  additionalProperties: { anyOf: [{ $ref: "#/defs/B" }] },
  allOf: [{ required: ["x"] }],
  $defs: { local: { type: "string" } },
  enum: [{ $ref: "not a schema" }],
  const: { properties: { no: {} } },
  not: { $ref: "#/defs/Unwalked" },
};

describe("visitSchemas", () => {
  it("visits every subschema object depth first in key order, with path and pointer", () => {
    const seen: [string, string][] = [];
    visitSchemas(schema, (node) => seen.push([node.pointer, node.path.join(".")]));
    expect(seen).toEqual([
      ["", ""],
      ["/properties/a~1b", "properties.a/b"],
      ["/properties/list", "properties.list"],
      ["/properties/list/items", "properties.list.items"],
      ["/properties/list/items/oneOf/0", "properties.list.items.oneOf.0"],
      ["/additionalProperties", "additionalProperties"],
      ["/additionalProperties/anyOf/0", "additionalProperties.anyOf.0"],
      ["/allOf/0", "allOf.0"],
      ["/$defs/local", "$defs.local"],
    ]);
  });

  it("starts paths at a prefix, walks tuple items, and skips malformed values", () => {
    const seen: string[] = [];
    visitSchemas({ items: [{ type: "string" }, 3], properties: [], oneOf: {} }, (node) => seen.push(node.pointer), ["$defs", "x"]);
    expect(seen).toEqual(["/$defs/x", "/$defs/x/items/0"]);
  });
});

describe("mapSchemas", () => {
  it("rewrites top-down, keeps key order and data keywords, and skips what map drops", () => {
    const out = mapSchemas(schema, ({ schema: node, path }) => {
      const kept = path.length === 0 ? Object.fromEntries(Object.entries(node).filter(([k]) => k !== "$defs")) : node;
      return typeof kept["$ref"] === "string" ? { ...kept, $ref: kept["$ref"].toLowerCase() } : kept;
    }) as JsonSchema;
    expect(Object.keys(out)).toEqual(["type", "properties", "additionalProperties", "allOf", "enum", "const", "not"]);
    expect(out["properties"]).toEqual({
      "a/b": { $ref: "#/defs/a" },
      list: { type: "array", items: { oneOf: [{ type: "string" }, true] } },
    });
    expect(out["additionalProperties"]).toEqual({ anyOf: [{ $ref: "#/defs/b" }] });
    expect(out["enum"]).toBe(schema["enum"]);
    expect(out["not"]).toEqual({ $ref: "#/defs/Unwalked" });
  });

  it("keeps a property named __proto__ as an own key", () => {
    const input = JSON.parse('{"properties":{"__proto__":{"type":"string"}}}') as JsonSchema;
    const out = mapSchemas(input, ({ schema: node }) => node) as { properties: object };
    expect(Object.hasOwn(out.properties, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(out.properties)).toBe(Object.prototype);
  });

  it("passes boolean schemas through", () => {
    expect(mapSchemas(true, () => ({}))).toBe(true);
  });
});
