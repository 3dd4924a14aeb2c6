import { describe, expect, it } from "vitest";
import { SpecErrors } from "./errors.js";
import { loadProviderSpecs } from "./load.js";
import { memorySource } from "./source.js";

const file = (signature: string, extra = "") => `provider:
  signature:
${signature}
  event: { type: { body: [type] } }
${extra}webhooks:
  default: { path: /webhooks/acme/, signing_secret_env: ACME_SECRET }
`;
const load = (text: string) => loadProviderSpecs({ source: memorySource({ "providers/acme/webhook.yaml": text }), providersDir: "providers" });
const errorsOf = (text: string): string[] => {
  try {
    load(text);
    return [];
  } catch (e) {
    if (e instanceof SpecErrors) return e.errors.map((x) => x.message);
    throw e;
  }
};

describe("provider.signature: generic schemes", () => {
  it("normalises a Paddle-like hmac: header lists, fields, timestamp field, secret encoding", () => {
    const [spec] = load(file(`    scheme: hmac
    header: [Paddle-Signature, X-Paddle-Signature]
    fields: { separator: ";", signature: h1 }
    signed_content: "{timestamp}:{body}"
    timestamp: { field: ts, tolerance_seconds: 5 }
    secret_encoding: raw`));
    expect(spec!.signature).toEqual({
      scheme: "hmac",
      header: "paddle-signature",
      headers: ["x-paddle-signature"],
      encoding: "hex",
      prefix: "",
      fields: { separator: ";", signature: "h1" },
      signedContent: "{timestamp}:{body}",
      timestamp: { field: "ts", unit: "s", toleranceSeconds: 5 },
      algorithm: "sha256",
      secretEncoding: "raw",
    });
  });

  it("keeps the flat form for the flat keys (older generated code reads it)", () => {
    const [spec] = load(file(`    scheme: hmac
    header: X-Sig
    signed_content: "{timestamp}.{body}"
    timestamp_header: X-Time
    tolerance_seconds: 60`));
    expect(spec!.signature).toMatchObject({ timestampHeader: "x-time", toleranceSeconds: 60 });
    expect(spec!.signature).not.toHaveProperty("timestamp");
  });

  it("defaults of ed25519, ecdsa-p256, token, standard-webhooks; generic handshakes", () => {
    expect(load(file("    scheme: ed25519\n    header: X-Signature-Ed25519"))[0]!.signature)
      .toEqual({ scheme: "ed25519", header: "x-signature-ed25519", encoding: "hex", prefix: "", signedContent: "{body}", publicKeyEncoding: "hex" });
    expect(load(file("    scheme: ecdsa-p256\n    header: X-Sig"))[0]!.signature).toMatchObject({ encoding: "base64", publicKeyEncoding: "base64", signatureFormat: "der" });
    expect(load(file("    scheme: token\n    header: X-Gitlab-Token"))[0]!.signature).toEqual({ scheme: "token", header: "x-gitlab-token", prefix: "" });
    expect(load(file("    scheme: standard-webhooks"))[0]!.signature).toEqual({ scheme: "standard-webhooks", toleranceSeconds: 300 });
    const [spec] = load(file("    scheme: standard-webhooks", `  handshake:
    - { kind: challenge, when: { header: X-Type, equals: verify }, challenge: challenge, reply: text }
    - { kind: url_validation, when: { body: event, equals: endpoint.url_validation }, token: payload.plainToken }
`));
    expect(spec!.handshake).toEqual([
      { kind: "challenge", when: { header: "x-type", equals: "verify" }, challenge: "challenge", reply: "text" },
      { kind: "url_validation", when: { body: "event", equals: "endpoint.url_validation" }, token: "payload.plainToken", algorithm: "sha256", encoding: "hex", plainKey: "plainToken", signedKey: "encryptedToken" },
    ]);
  });

  it("unit: iso for an RFC 3339 timestamp header (Twitch)", () => {
    const [spec] = load(file(`    scheme: hmac
    header: Twitch-Eventsub-Message-Signature
    prefix: "sha256="
    signed_content: "{id}{timestamp}{body}"
    id_header: Twitch-Eventsub-Message-Id
    timestamp: { header: Twitch-Eventsub-Message-Timestamp, unit: iso, tolerance_seconds: 600 }`));
    expect(spec!.signature).toMatchObject({ timestamp: { header: "twitch-eventsub-message-timestamp", unit: "iso", toleranceSeconds: 600 } });
    expect(errorsOf(file("    scheme: hmac\n    header: X-Sig\n    timestamp: { header: X-Ts, unit: rfc3339 }"))[0]).toMatch(/must be one of s, ms, iso/);
  });

  it("a signature in the JSON body over {body.<path>} fields (Mailgun); a body hash in the signed URL (Twilio)", () => {
    const [mailgun] = load(file(`    scheme: hmac
    body: signature.signature
    signed_content: "{timestamp}{body.signature.token}"
    timestamp: { body: signature.timestamp, tolerance_seconds: 300 }`));
    expect(mailgun!.signature).toEqual({
      scheme: "hmac",
      body: "signature.signature",
      encoding: "hex",
      prefix: "",
      signedContent: "{timestamp}{body.signature.token}",
      timestamp: { body: "signature.timestamp", unit: "s", toleranceSeconds: 300 },
      algorithm: "sha256",
    });
    const [twilio] = load(file(`    scheme: hmac
    header: X-Twilio-Signature
    algorithm: sha1
    encoding: base64
    signed_content: "{url}{params}"
    body_hash: { query: bodySHA256 }`));
    expect(twilio!.signature).toMatchObject({ bodyHash: { query: "bodySHA256", encoding: "hex", required: false } });
  });

  it("says where a body signature or body hash is misconfigured", () => {
    expect(errorsOf(file("    scheme: hmac\n    signed_content: \"{body}\""))).toEqual([
      "providers/acme/webhook.yaml:2:3: provider.signature needs header (the signature header) or body (a JSON body path holding the signature, e.g. signature.signature)",
    ]);
    expect(errorsOf(file("    scheme: hmac\n    header: X-Sig\n    body: signature.signature\n    signed_content: \"{body.signature.token}\""))).toEqual([
      "providers/acme/webhook.yaml:5:11: set either header or body (where the signature travels), not both",
    ]);
    expect(errorsOf(file("    scheme: hmac\n    body: sig\n    signed_content: \"{body}\""))[0]).toMatch(/cannot sign \{body\} or \{params\}/);
    expect(errorsOf(file("    scheme: hmac\n    body: sig\n    signed_content: \"{body.a..b}\""))[0]).toMatch(/must name a dotted body path/);
    expect(errorsOf(file("    scheme: hmac\n    header: X-Sig\n    body_hash: { query: bodySHA256 }"))[0]).toMatch(/body_hash needs \{url\}/);
    expect(errorsOf(file("    scheme: hmac\n    header: X-Sig\n    body_hash: { query: h, encoding: b64 }"))[0]).toMatch(/must be one of hex, base64/);
    // The body is parsed before verification here, so a body timestamp may be signed.
    expect(errorsOf(file("    scheme: hmac\n    body: s.sig\n    signed_content: \"{timestamp}{body.s.token}\"\n    timestamp: { body: s.ts }"))).toEqual([]);
  });

  it("reports template and source mistakes at their line, with did-you-mean", () => {
    expect(errorsOf(file(`    scheme: hmac
    header: X-Sig
    signed_content: "{timestmp}.{body}"`))).toEqual([
      'providers/acme/webhook.yaml:5:21: unknown placeholder {timestmp} in provider.signature.signed_content — did you mean "timestamp"? — valid: {body}, {timestamp}, {id}, {url}, {method}, {params}, {body.<path>}',
    ]);
    expect(errorsOf(file(`    scheme: hmac
    header: X-Sig
    signed_content: "{id}.{timestamp}.{body}"`))).toEqual([
      "providers/acme/webhook.yaml:5:21: signed_content uses {timestamp} but no timestamp source is set — add timestamp: { header: … } (or field / body)",
      "providers/acme/webhook.yaml:5:21: signed_content uses {id} but id_header is not set",
    ]);
    expect(errorsOf(file(`    scheme: hmac
    header: X-Sig
    timestamp: { field: ts }`))[0]).toMatch(/timestamp.field reads a key=value field of the signature header/);
    expect(errorsOf(file(`    scheme: hmac
    header: X-Sig
    signed_content: "{timestamp}{body}"
    timestamp: { body: sent_at }`))[0]).toMatch(/cannot be signed when the timestamp is read from the body/);
    expect(errorsOf(file("    scheme: ed25519\n    header: X-Sig\n    signature_format: raw"))[0]).toMatch(/unknown key "signature_format"/);
  });
});
