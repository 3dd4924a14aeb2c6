import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { mailgunBodySignature, twilioBodyHash } from "../../../../test/fixtures/definitions.js";
import { createCrypto } from "../../crypto/index.js";
import type { HmacSchemeConfig } from "../../types.js";
import { HmacVerifier } from "../hmac.js";
import { sortedFormParams } from "./template.js";

const enc = (s: string) => new TextEncoder().encode(s);
const base: HmacSchemeConfig = { scheme: "hmac", header: "x-sig", algorithm: "sha256", encoding: "hex", prefix: "", signedContent: "{body}" };
const hex = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest("hex");
const run = async (config: HmacSchemeConfig, headers: Record<string, string>, body: string, secrets: string[], extra: { now?: number; path?: string; query?: string; method?: string } = {}) => {
  const results = await Promise.all([createCrypto(), createCrypto({ node: undefined })].map((crypto) =>
    new HmacVerifier(config, { crypto }).verify({ rawBody: enc(body), headers, secrets, now: extra.now ?? Date.now(), path: extra.path, query: extra.query, method: extra.method })));
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

  it("an RFC 3339 timestamp header (unit iso, Twitch's nanoseconds) signed as sent, with tolerance both ways", async () => {
    const now = Date.UTC(2023, 6, 19, 10, 11, 12);
    const c: HmacSchemeConfig = { ...base, signedContent: "{id}{timestamp}{body}", idHeader: "x-id", timestamp: { header: "x-ts", unit: "iso", toleranceSeconds: 600 } };
    const at = (text: string) => ({ "x-id": "m1", "x-ts": text, "x-sig": hex("k", `m1${text}b`) });
    expect((await run(c, at("2023-07-19T10:11:12.123456789Z"), "b", ["k"], { now })).ok).toBe(true);
    expect((await run(c, at("2023-07-19T12:21:12+02:00"), "b", ["k"], { now })).ok).toBe(true); // +10 min, another offset
    expect(await run(c, at("2023-07-19T10:01:11.999Z"), "b", ["k"], { now })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
    expect(await run(c, at("2023-07-19T10:21:12.001Z"), "b", ["k"], { now })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
    expect(await run(c, at(String(now / 1000)), "b", ["k"], { now })).toEqual({ ok: false, reason: "malformed timestamp" });
    // The exact text is signed: the same instant spelled differently is another message.
    const sent = at("2023-07-19T10:11:12.123456789Z");
    expect((await run(c, { ...sent, "x-ts": "2023-07-19T10:11:12.123Z" }, "b", ["k"], { now })).ok).toBe(false);
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

describe("a signature carried in the JSON body, over fields of it (Mailgun's layout)", () => {
  const now = 1_700_000_000_000;
  const mailgun = mailgunBodySignature;
  const delivery = (ts: string | number, token: string, key = "k", extra: Record<string, unknown> = {}) =>
    JSON.stringify({ signature: { timestamp: ts, token, signature: hex(key, `${ts}${token}`) }, "event-data": { event: "delivered" }, ...extra });

  it("verifies HMAC(timestamp + token) read from the body, on both backends; rotation; wrong key refused", async () => {
    expect((await run(mailgun, {}, delivery("1700000000", "tok1"), ["k"], { now })).ok).toBe(true);
    expect((await run(mailgun, {}, delivery(1_700_000_000, "tok1"), ["k"], { now })).ok).toBe(true); // a JSON number timestamp
    expect((await run(mailgun, {}, delivery("1700000000", "tok1", "new"), ["old", "new"], { now })).ok).toBe(true);
    expect(await run(mailgun, {}, delivery("1700000000", "tok1", "other"), ["k"], { now })).toEqual({ ok: false, reason: "no matching signature" });
  });

  it("the signed fields are bound, the rest of the body is not (as Mailgun signs it)", async () => {
    const body = delivery("1700000000", "tok1");
    expect((await run(mailgun, {}, body.replace('"tok1"', '"tok2"'), ["k"], { now })).ok).toBe(false);
    expect((await run(mailgun, {}, body.replace("delivered", "failed"), ["k"], { now })).ok).toBe(true);
  });

  it("the body timestamp is checked before the MAC, both ways", async () => {
    expect(await run(mailgun, {}, delivery("1699999699", "t"), ["k"], { now })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
    expect(await run(mailgun, {}, delivery("1700000301", "t"), ["k"], { now })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
    expect((await run(mailgun, {}, delivery("1700000300", "t"), ["k"], { now })).ok).toBe(true);
    expect(await run(mailgun, {}, delivery("soon", "t"), ["k"], { now })).toEqual({ ok: false, reason: "malformed timestamp" });
  });

  it("a body that is not JSON, or lacks a field, is refused with a reason, never a throw", async () => {
    const reasons = async (body: string | Uint8Array) => {
      const r = await Promise.all([createCrypto(), createCrypto({ node: undefined })].map((crypto) =>
        new HmacVerifier(mailgun, { crypto }).verify({ rawBody: typeof body === "string" ? enc(body) : body, headers: {}, secrets: ["k"], now })));
      expect(r[1]).toEqual(r[0]);
      return r[0];
    };
    expect(await reasons("timestamp=1&token=2")).toEqual({ ok: false, reason: "the body is not JSON" });
    expect(await reasons(new Uint8Array([0x7b, 0xff, 0x7d]))).toEqual({ ok: false, reason: "the body is not JSON" });
    expect(await reasons("[".repeat(200_000))).toEqual({ ok: false, reason: "the body is not JSON" });
    expect(await reasons(`${"[".repeat(200_000)}${"]".repeat(200_000)}`)).toMatchObject({ ok: false }); // deep but valid: no stack overflow escapes
    expect(await reasons("[]")).toEqual({ ok: false, reason: "missing signature.signature in the body" });
    expect(await reasons('{"signature":{"signature":5}}')).toEqual({ ok: false, reason: "signature.signature in the body is not a string" });
    expect(await reasons(`{"signature":{"signature":"${"ab".repeat(32)}","timestamp":"1700000000"}}`)).toEqual({ ok: false, reason: "missing or malformed body field signature.token" });
    expect(await reasons(`{"signature":{"signature":"${"ab".repeat(32)}","token":{"a":1},"timestamp":"1700000000"}}`)).toEqual({ ok: false, reason: "missing or malformed body field signature.token" });
    expect(await reasons(`{"signature":{"signature":"${"ab".repeat(32)}","token":"t"}}`)).toEqual({ ok: false, reason: "missing or malformed body timestamp signature.timestamp" });
    expect(await reasons(`{"signature":{"signature":"zz","token":"t","timestamp":"1700000000"}}`)).toEqual({ ok: false, reason: "malformed signature" });
    // Inherited names read nothing: a "__proto__" path is no way to reach Object.prototype.
    expect(await reasons('{"__proto__":{"signature":"x"}}')).toEqual({ ok: false, reason: "missing signature.signature in the body" });
  });

  it("header signatures may sign body fields too; a config must say where the signature is, and cannot sign the body it is in", () => {
    expect(() => new HmacVerifier({ ...mailgun, header: "x-sig" })).toThrow(/either header .* or body/);
    const { body: _b, ...noWhere } = mailgun;
    expect(() => new HmacVerifier(noWhere)).toThrow(/either header .* or body/);
    expect(() => new HmacVerifier({ ...mailgun, signedContent: "{timestamp}{body}" })).toThrow(/cannot sign \{body\} or \{params\}/);
    expect(() => new HmacVerifier({ ...base, signedContent: "{timestamp}{body}", timestamp: { body: "t" } })).toThrow(/body timestamp cannot be part/);
  });
});

describe("{url} with the request's query string", () => {
  const c: HmacSchemeConfig = { ...base, signedContent: "{url}{body}", urlOrigin: "https://hooks.example.com" };

  it("signs the path and the raw query as received; no query, no ?", async () => {
    const sig = (url: string) => ({ "x-sig": hex("k", `${url}b`) });
    expect((await run(c, sig("https://hooks.example.com/h?a=1&b=%27x%27"), "b", ["k"], { path: "/h", query: "a=1&b=%27x%27" })).ok).toBe(true);
    expect((await run(c, sig("https://hooks.example.com/h?a=1"), "b", ["k"], { path: "/h", query: "a=2" })).ok).toBe(false);
    expect((await run(c, sig("https://hooks.example.com/h"), "b", ["k"], { path: "/h", query: "a=1" })).ok).toBe(false);
    expect((await run(c, sig("https://hooks.example.com/h"), "b", ["k"], { path: "/h" })).ok).toBe(true);
    expect((await run(c, sig("https://hooks.example.com/h?"), "b", ["k"], { path: "/h", query: "" })).ok).toBe(true);
    expect((await run(c, sig("https://hooks.example.com/h"), "b", ["k"], { path: "/h", query: "" })).ok).toBe(false);
  });
});

describe("a body bound by its hash in the signed URL (Twilio's bodySHA256)", () => {
  const twilio = twilioBodyHash;
  const body = '{"EventType":"x","n":1}';
  const sha = createHash("sha256").update(body).digest("hex");
  const sig = (url: string) => ({ "x-twilio-signature": createHmac("sha1", "k").update(url).digest("base64") });

  it("verifies the URL alone and the body against the hash, on both backends", async () => {
    const query = `x=1&bodySHA256=${sha}`;
    const headers = sig(`https://hooks.example.com/h?${query}`);
    expect((await run(twilio, headers, body, ["k"], { path: "/h", query })).ok).toBe(true);
    expect((await run(twilio, headers, body, ["k"], { path: "/h", query: query.toUpperCase().replace("X=1&BODYSHA256", "x=1&bodySHA256") })).ok).toBe(false); // the URL is signed as sent
    expect(await run(twilio, headers, body.replace("1", "2"), ["k"], { path: "/h", query })).toEqual({ ok: false, reason: "the body does not match the hash in the signed URL" });
    // A changed hash breaks the URL's signature first.
    const other = createHash("sha256").update("{}").digest("hex");
    expect(await run(twilio, headers, "{}", ["k"], { path: "/h", query: `x=1&bodySHA256=${other}` })).toEqual({ ok: false, reason: "no matching signature" });
    expect(await run(twilio, sig("https://hooks.example.com/h?bodySHA256=abc"), body, ["k"], { path: "/h", query: "bodySHA256=abc" })).toEqual({ ok: false, reason: "malformed bodySHA256 query parameter" });
  });

  it("without the parameter, form parameters are signed as usual; with required: true, it must be there", async () => {
    const form = "b=2&a=1";
    expect((await run(twilio, sig("https://hooks.example.com/ha1b2"), form, ["k"], { path: "/h" })).ok).toBe(true);
    const required = { ...twilio, bodyHash: { ...twilio.bodyHash!, required: true } };
    expect(await run(required, sig("https://hooks.example.com/ha1b2"), form, ["k"], { path: "/h" })).toEqual({ ok: false, reason: "missing bodySHA256 query parameter" });
    expect(() => new HmacVerifier({ ...twilio, signedContent: "{params}" })).toThrow(/bodyHash needs \{url\}/);
  });
});
