import { describe, expect, it } from "vitest";
import { SchemaError } from "./errors.js";
import { expectSchema, isSchema, isSchemaObject, schemaListOf, schemaMapOf, typesOf } from "./read.js";

describe("strict readers", () => {
  it("tell schemas from other JSON", () => {
    expect([{}, true, false].map(isSchema)).toEqual([true, true, true]);
    expect([null, [], 1, "s"].map(isSchema)).toEqual([false, false, false, false]);
    expect(isSchemaObject(true)).toBe(false);
  });

  it("read list and map keywords, locating a malformed value relative to the schema", () => {
    expect(schemaListOf({ allOf: [true, { type: "string" }] }, "allOf")).toEqual([true, { type: "string" }]);
    expect(schemaListOf({}, "allOf")).toBeUndefined();
    expect(() => schemaListOf({ oneOf: {} }, "oneOf")).toThrow(new SchemaError("/oneOf", "expected an array"));
    expect(() => schemaListOf({ anyOf: [{}, 5] }, "anyOf")).toThrow(new SchemaError("/anyOf/1", "expected a schema, got 5"));
    expect(schemaMapOf({ properties: { b: {}, a: true } }, "properties")).toEqual([["b", {}], ["a", true]]);
    expect(schemaMapOf({}, "properties")).toEqual([]);
    expect(() => schemaMapOf({ properties: [] }, "properties")).toThrow(new SchemaError("/properties", "expected an object"));
    expect(() => schemaMapOf({ properties: { "a/b": null } }, "properties")).toThrow(new SchemaError("/properties/a~1b", "expected a schema, got null"));
    expect(() => expectSchema("x", ["items"])).toThrow(new SchemaError("/items", 'expected a schema, got "x"'));
  });

  it("read type as a list", () => {
    expect(typesOf({ type: "string" })).toEqual(["string"]);
    expect(typesOf({ type: ["string", "null"] })).toEqual(["string", "null"]);
    expect(typesOf({})).toBeUndefined();
  });

  it("SchemaError's message carries the pointer", () => {
    expect(new SchemaError("/allOf", "expected an array").message).toBe("#/allOf: expected an array");
  });
});
