import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { locatePointers, pointerPosition } from "./json-position.js";

const schema = `{
  "type": "object",
  "properties": {
    "pair": {
      "type": "array",
      "items": [{ "type": "string" }, { "type": "number" }]
    }
  }
}
`;

describe("pointerPosition", () => {
  it("finds the key of the value at a pointer", () => {
    expect(pointerPosition(schema, "/properties/pair/items")).toEqual({ line: 6, column: 7 });
    expect(pointerPosition(schema, "/properties/pair/items/1")).toEqual({ line: 6, column: 39 });
  });

  it("is undefined for a pointer the document does not hold", () => {
    expect(pointerPosition(schema, "/properties/nope")).toBeUndefined();
  });
});

describe("locatePointers", () => {
  it("turns file#pointer into file:line:col, leaving unknown files alone", () => {
    const dir = mkdtempSync(join(tmpdir(), "sai-pos-"));
    writeFileSync(join(dir, "a.json"), schema);
    expect(locatePointers("a.json#/properties/pair/items: tuple not supported", dir)).toBe(
      "a.json:6:7 (/properties/pair/items): tuple not supported",
    );
    expect(locatePointers("missing.json#/x: nope", dir)).toBe("missing.json#/x: nope");
  });
});
