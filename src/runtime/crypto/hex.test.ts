import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bytesToHex, hexToBytes } from "./hex.js";

describe("hexToBytes / bytesToHex", () => {
  it("decodes either case and encodes lower case", () => {
    expect(hexToBytes("00abFF10")).toEqual(new Uint8Array([0x00, 0xab, 0xff, 0x10]));
    expect(bytesToHex(new Uint8Array([0x00, 0xab, 0xff, 0x10]))).toBe("00abff10");
    expect(hexToBytes("")).toEqual(new Uint8Array());
    expect(bytesToHex(new Uint8Array())).toBe("");
  });

  it("rejects odd lengths and any non-hex character (where Buffer.from silently truncates)", () => {
    for (const bad of ["0", "00abff1", "00abff1g", "zz", " 0", "0x00", "00 ", "٠٠", "\u{1F600}00", "0\u0000"]) {
      expect(hexToBytes(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });

  it("property: round-trips, and agrees with Buffer's encoder", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
      const hex = bytesToHex(bytes);
      expect(hex).toBe(Buffer.from(bytes).toString("hex"));
      expect(hexToBytes(hex)).toEqual(bytes);
      expect(hexToBytes(hex.toUpperCase())).toEqual(bytes);
    }));
  });

  it("property: any string decodes iff it is pairs of hex digits, and then re-encodes to itself", () => {
    const hexish = fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEFg x"), maxLength: 20 });
    fc.assert(fc.property(fc.oneof(hexish, fc.string(), fc.string({ unit: "binary" })), (text) => {
      const bytes = hexToBytes(text);
      expect(bytes !== undefined).toBe(/^(?:[0-9a-fA-F]{2})*$/.test(text));
      if (bytes !== undefined) expect(bytesToHex(bytes)).toBe(text.toLowerCase());
    }));
  });

  it("property: decoding from an offset equals decoding the slice", () => {
    fc.assert(fc.property(fc.string({ maxLength: 10 }), fc.oneof(fc.uint8Array({ maxLength: 40 }).map(bytesToHex), fc.string()), (prefix, text) => {
      expect(hexToBytes(prefix + text, prefix.length)).toEqual(hexToBytes(text));
    }));
    expect(hexToBytes("ab", 3)).toBeUndefined();
  });
});
