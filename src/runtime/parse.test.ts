import { describe, expect, it } from "vitest";
import { BodyParseError, parseBody, parseForm, safeJsonParse } from "./parse.js";

const enc = (s: string) => new TextEncoder().encode(s);

describe("safeJsonParse", () => {
  it("scrubs gadgets without recursion: 100,000 levels deep with a __proto__ key parse", () => {
    const deep = `${"[".repeat(100_000)}{"__proto__":{"x":1},"constructor":{"prototype":{}},"ok":1}${"]".repeat(100_000)}`;
    let value: unknown = safeJsonParse(`{"__proto__":{"polluted":true},"deep":${deep}}`);
    expect(Object.hasOwn(value as object, "__proto__")).toBe(false);
    value = (value as { deep: unknown }).deep;
    for (let i = 0; i < 100_000; i++) value = (value as unknown[])[0];
    expect(value).toEqual({ ok: 1 });
    expect(Object.hasOwn(value as object, "constructor")).toBe(false);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it("drops __proto__ keys and constructor.prototype gadgets, also when unicode-escaped", () => {
    for (const text of [
      '{"a":1,"__proto__":{"polluted":true}}',
      '{"a":1,"constructor":{"prototype":{"polluted":true}}}',
      '{"a":1,"\\u005f_proto__":{"polluted":true}}',
      '{"a":1,"__\\u0070roto__":{"polluted":true}}',
      '{"a":1,"constructor":{"proto\\u0074ype":{"polluted":true}}}',
      '{"a":1,"nested":{"__proto__":{"polluted":true}}}',
    ]) {
      const value = safeJsonParse(text) as Record<string, unknown>;
      expect(value.a).toBe(1);
      expect(Object.hasOwn(value, "__proto__")).toBe(false);
      expect(Object.hasOwn(value, "constructor")).toBe(false);
      const merged = Object.assign({}, value, value.nested);
      expect((merged as { polluted?: unknown }).polluted).toBeUndefined();
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    }
  });

  it("keeps constructor and prototype fields that are plain data", () => {
    expect(safeJsonParse('{"constructor":"Foo","prototype":{"a":1},"file":{"constructor":1}}')).toEqual({
      constructor: "Foo",
      prototype: { a: 1 },
      file: { constructor: 1 },
    });
  });

  it("parses ordinary payloads unchanged", () => {
    const payload = { a: [1, "x", null, { b: "caf\u00e9 \u2019" }] };
    expect(safeJsonParse(JSON.stringify(payload))).toEqual(payload);
    expect(safeJsonParse('{"s":"\\u2019"}')).toEqual({ s: "\u2019" });
  });
});

describe("parseForm / parseBody", () => {
  it("uses the payload field as JSON when present, else a null-prototype object of fields", () => {
    expect(parseForm("payload=%7B%22type%22%3A%22block_actions%22%7D")).toEqual({ type: "block_actions" });
    const fields = parseForm("command=%2Fweather&__proto__=x&text=hi") as Record<string, string>;
    expect(Object.getPrototypeOf(fields)).toBeNull();
    expect({ ...fields }).toEqual({ command: "/weather", text: "hi" });
  });

  it("throws BodyParseError on bad JSON and invalid UTF-8", () => {
    expect(() => parseBody(enc("{nope"), "json", undefined)).toThrow(BodyParseError);
    expect(() => parseBody(new Uint8Array([0x7b, 0xff, 0x7d]), "json", undefined)).toThrow(BodyParseError);
    expect(parseBody(enc('{"a":1}'), "form", "application/json")).toEqual({ a: 1 });
  });
});

describe("parseBody content types", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  it("parses a form-encoded body of a JSON provider (GitHub's payload= field)", () => {
    const json = JSON.stringify({ action: "opened", issue: { number: 1 } });
    const body = `payload=${encodeURIComponent(json)}`;
    expect(parseBody(bytes(body), "json", "application/x-www-form-urlencoded")).toEqual(JSON.parse(json));
    expect(parseBody(bytes(body), "json", "Application/X-WWW-Form-Urlencoded; charset=utf-8")).toEqual(JSON.parse(json));
  });
  it("keeps JSON for JSON and unknown content types", () => {
    expect(parseBody(bytes('{"a":1}'), "json", "application/json")).toEqual({ a: 1 });
    expect(parseBody(bytes('{"a":1}'), "json", "text/plain")).toEqual({ a: 1 });
    expect(parseBody(bytes('{"a":1}'), "json", undefined)).toEqual({ a: 1 });
  });
});
