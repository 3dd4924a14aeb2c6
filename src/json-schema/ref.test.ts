import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPointer } from "./pointer.js";
import { defNameOf, defRef, parseRef, resolveDefRef } from "./ref.js";

// Strings heavy in the characters that pointers and URIs treat specially.
const tricky = fc.string({ unit: fc.constantFrom("a", "Z", "0", "/", "~", "0", "1", "%", "#", " ", "é", "😀") });

describe("normalised refs #/defs/<Name>", () => {
  it("reads the def name, unescaping it as one pointer segment", () => {
    expect(defRef("SimpleUser")).toBe("#/defs/SimpleUser");
    expect(defNameOf("#/defs/SimpleUser")).toBe("SimpleUser");
    expect(defNameOf("#/defs/A~1B~0C")).toBe("A/B~C");
    for (const other of ["#/defs/", "#/$defs/A", "../defs/A.json", 7, undefined]) expect(defNameOf(other)).toBeUndefined();
  });

  it("resolves only names the defs own (not Object.prototype's)", () => {
    const defs = { User: {} };
    expect(resolveDefRef("#/defs/User", defs)).toBe("User");
    expect(resolveDefRef("#/defs/Missing", defs)).toBeUndefined();
    expect(resolveDefRef("#/defs/constructor", defs)).toBeUndefined();
  });

  it("round-trips every name", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ minLength: 1 }), tricky.filter((s) => s !== "")), (name) => {
        expect(defNameOf(defRef(name))).toBe(name);
      }),
    );
  });
});

describe("parseRef", () => {
  it("splits file and pointer; no fragment or an empty one is the whole file", () => {
    expect(parseRef("../defs/User.json")).toEqual({ file: "../defs/User.json", remote: false, pointer: [] });
    expect(parseRef("./User.json#")).toEqual({ file: "./User.json", remote: false, pointer: [] });
    expect(parseRef("#/$defs/plan")).toEqual({ file: "", remote: false, pointer: ["$defs", "plan"] });
    expect(parseRef("User.json#anchor").pointer).toBeUndefined();
  });

  it("percent-decodes the fragment before reading ~ escapes, and tolerates a stray %", () => {
    expect(parseRef("#/%24defs/a~1b").pointer).toEqual(["$defs", "a/b"]);
    expect(parseRef("#/$defs/a%7E1b").pointer).toEqual(["$defs", "a/b"]);
    expect(parseRef("#/$defs/100%").pointer).toEqual(["$defs", "100%"]);
  });

  it("flags URIs with a scheme as remote", () => {
    expect(parseRef("https://example.com/x.json").remote).toBe(true);
    expect(parseRef("urn:x").remote).toBe(true);
    expect(parseRef("./x.json").remote).toBe(false);
  });

  it("round-trips any pointer, percent-encoded or not", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), tricky)), fc.constantFrom("", "../defs/A.json"), (path, file) => {
        expect(parseRef(`${file}#${encodeURIComponent(formatPointer(path))}`)).toEqual({ file, remote: false, pointer: path });
        // Unencoded text survives too unless it happens to hold a valid %XX sequence.
        const raw = formatPointer(path);
        if (!/%[0-9A-Fa-f]{2}/.test(raw)) expect(parseRef(`${file}#${raw}`).pointer).toEqual(path);
      }),
    );
  });
});
