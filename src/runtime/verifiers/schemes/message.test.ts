import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCrypto } from "../../crypto/index.js";
import type { HmacSchemeConfig } from "../../types.js";
import { HmacVerifier } from "../hmac.js";
import { sortedFormParams } from "./template.js";

const enc = (s: string) => new TextEncoder().encode(s);
const base: HmacSchemeConfig = { scheme: "hmac", header: "x-sig", algorithm: "sha256", encoding: "hex", prefix: "", signedContent: "{body}" };
const hex = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest("hex");
const run = async (config: HmacSchemeConfig, headers: Record<string, string>, body: string, secrets: string[], extra: { now?: number; path?: string; method?: string } = {}) => {
  const results = await Promise.all([createCrypto(), createCrypto({ node: undefined })].map((crypto) =>
    new HmacVerifier(config, { crypto }).verify({ rawBody: enc(body), headers, secrets, now: extra.now ?? Date.now(), path: extra.path, method: extra.method })));
  // Same verdict on both backends (digests are a Buffer on Node, a Uint8Array on Web Crypto).
  const verdict = (r: (typeof results)[number]) => (r.ok ? { ok: true } : r);
  expect(verdict(results[1]!)).toEqual(verdict(results[0]!));
  return verdict(results[0]!);
};

describe("the generic hmac message layout", () => {
  it("several header names: the first present one is read", async () => {
    const c = { ...base, headers: ["x-sig-legacy"] };
    expect((await run(c, { "x-sig-legacy": hex("k", "b") }, "b", ["k"])).ok).toBe(true);
    expect((await run(c, { "x-sig": hex("k", "b") }, "b", ["k"])).ok).toBe(true);
    expect(await run(c, {}, "b", ["k"])).toEqual({ ok: false, reason: "missing x-sig or x-sig-legacy header" });
  });

  it("several signatures per header, by separator; an empty separator means exactly one", async () => {
    const c = { ...base, separator: "," };
    expect((await run(c, { "x-sig": `${hex("other", "b")},${hex("k", "b")}` }, "b", ["k"])).ok).toBe(true);
    const one = { ...base, separator: "" };
    expect((await run(one, { "x-sig": `${hex("other", "b")} ${hex("k", "b")}` }, "b", ["k"])).ok).toBe(false);
  });

  it("secret encodings: base64, hex and whsec_ keys are decoded; raw is the text", async () => {
    const key = Buffer.from("binary\x00key\xff", "latin1");
    const sig = { "x-sig": hex(key, "b") };
    expect((await run({ ...base, secretEncoding: "base64" }, sig, "b", [key.toString("base64")])).ok).toBe(true);
    expect((await run({ ...base, secretEncoding: "hex" }, sig, "b", [key.toString("hex")])).ok).toBe(true);
    expect((await run({ ...base, secretEncoding: "whsec" }, sig, "b", [`whsec_${key.toString("base64")}`])).ok).toBe(true);
    expect((await run(base, sig, "b", [key.toString("base64")])).ok).toBe(false);
    expect(await run({ ...base, secretEncoding: "hex" }, sig, "b", ["zz"])).toEqual({ ok: false, reason: "no secret decodes as hex" });
  });

  it("a timestamp field of another key=value header; millisecond timestamps with tolerance both ways", async () => {
    const now = 1_700_000_000_000;
    const c: HmacSchemeConfig = { ...base, signedContent: "{timestamp}.{body}", timestamp: { header: "x-meta", field: "t", unit: "ms", toleranceSeconds: 10 } };
    const at = (ms: number) => ({ "x-meta": `v=1,t=${ms}`, "x-sig": hex("k", `${ms}.b`) });
    expect((await run(c, at(now), "b", ["k"], { now })).ok).toBe(true);
    expect((await run(c, at(now + 10_000), "b", ["k"], { now })).ok).toBe(true);
    expect(await run(c, at(now - 10_001), "b", ["k"], { now })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
    expect(await run(c, at(now + 10_001), "b", ["k"], { now })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
    expect(await run(c, { "x-sig": hex("k", `${now}.b`) }, "b", ["k"], { now })).toEqual({ ok: false, reason: "missing t timestamp" });
  });

  it("{url} from the Host / X-Forwarded-* headers when no url_origin is set; {method} upper-cased", async () => {
    const c = { ...base, signedContent: "{method}{url}{body}" };
    const sig = { "x-sig": hex("k", "POSThttps://api.example.com/hook?b") };
    expect((await run(c, { ...sig, host: "api.example.com" }, "b", ["k"], { path: "/hook?", method: "post" })).ok).toBe(true);
    const forwarded = { "x-sig": hex("k", "POSThttp://edge.example.com/hookb"), host: "internal:8080", "x-forwarded-host": "edge.example.com", "x-forwarded-proto": "http" };
    expect((await run(c, forwarded, "b", ["k"], { path: "/hook" })).ok).toBe(true);
    expect(await run(c, sig, "b", ["k"], { path: "/hook" })).toEqual({ ok: false, reason: "cannot tell the signed URL (no path or Host header)" });
  });

  it("required headers must be present and non-empty", async () => {
    const c = { ...base, requiredHeaders: ["x-topic"] };
    expect((await run(c, { "x-sig": hex("k", "b"), "x-topic": "orders/create" }, "b", ["k"])).ok).toBe(true);
    expect(await run(c, { "x-sig": hex("k", "b"), "x-topic": " " }, "b", ["k"])).toEqual({ ok: false, reason: "missing x-topic header" });
  });

  it("sorted form parameters as Twilio signs them: repeated names once per distinct value, values sorted", () => {
    expect(sortedFormParams(enc("b=2&a=1&c=z&c=y&c=z&d=%20+"))).toBe("a1b2cycz" + "d  ");
    expect(sortedFormParams(enc(""))).toBe("");
  });
});
