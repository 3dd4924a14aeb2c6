/**
 * The built-in HubSpot spec (providers/hubspot/webhook.yaml), loaded as a project gets it, against
 * @hubspot/api-client's Signature (v3): signatures both ways on both crypto backends, with
 * millisecond timestamps (stale and future), rotated secrets, tampered bodies, other methods and
 * URLs; the batch event identity (a JSON array of notifications); and schemas/hubspot against
 * HubSpot's documented payload example and every documented subscription type.
 */
import { Signature } from "@hubspot/api-client";
import type { ValidateFunction } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { compileExtraction } from "../../../src/runtime/extract.js";
import { signDelivery } from "../../../src/testing/sign.js";
import { compileFolder, contractProblems, readSchemaFolder, type SchemaFolder, type SchemaObject } from "../schema-folder.js";
import { accepts, expectRotation, verify } from "../schemes/harness.js";
import { builtinScheme, builtinSpec } from "./builtin.js";

const spec = builtinSpec("hubspot");
const scheme = builtinScheme("hubspot");
const SIG = "x-hubspot-signature-v3";
const TS = "x-hubspot-request-timestamp";

// HubSpot's documented payload example (https://developers.hubspot.com/docs/api/webhooks#webhook-payloads),
// which labels the type eventType; real deliveries name it subscriptionType.
const DOC_EXAMPLE = [
  { objectId: 1246965, propertyName: "lifecyclestage", propertyValue: "subscriber", changeSource: "ACADEMY", eventId: 3816279340, subscriptionId: 25, portalId: 33, appId: 1160452, occurredAt: 1462216307945, eventType: "contact.propertyChange", attemptNumber: 0 },
  { objectId: 1246978, changeSource: "IMPORT", eventId: 3816279480, subscriptionId: 22, portalId: 33, appId: 1160452, occurredAt: 1462216307945, eventType: "contact.creation", attemptNumber: 0 },
];
const AS_DELIVERED = DOC_EXAMPLE.map(({ eventType, ...rest }) => ({ ...rest, subscriptionType: eventType }));

// Every subscription type of HubSpot's Webhooks API tables (CRM objects and conversations).
const OBJECTS = ["contact", "company", "deal", "ticket", "product", "line_item"];
const DOCUMENTED_TYPES = [
  ...OBJECTS.flatMap((o) => ["creation", "deletion", "restore", "propertyChange", "merge"].map((a) => `${o}.${a}`)),
  "contact.privacyDeletion",
  ...["contact", "company", "deal", "ticket", "line_item"].map((o) => `${o}.associationChange`),
  ...["creation", "deletion", "privacyDeletion", "propertyChange", "newMessage"].map((a) => `conversation.${a}`),
].sort();

const secret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
const url = "https://www.example.com/webhooks/hubspot/";
const body = JSON.stringify(AS_DELIVERED);

/** HubSpot's own v3 header pair for `requestBody` at `timestamp` (ms), from @hubspot/api-client. */
function theirs(timestamp: number, options: { clientSecret?: string; requestBody?: string; method?: string; uri?: string } = {}) {
  const signature = Signature.getSignature(options.method ?? "POST", "v3", { signature: "", clientSecret: options.clientSecret ?? secret, requestBody: options.requestBody ?? body, url: options.uri ?? url, timestamp });
  return { [SIG]: signature, [TS]: String(timestamp) };
}

/** A delivery as the server sees it at `url`. */
function delivery(headers: Record<string, string>, over: { body?: string; secrets?: readonly string[]; method?: string; target?: string } = {}) {
  const u = new URL(over.target ?? url);
  return { body: over.body ?? body, headers: { host: u.host, ...headers }, secrets: over.secrets ?? [secret], path: u.pathname, ...(over.method === undefined ? {} : { method: over.method }) };
}

/** @hubspot/api-client's isValid arguments for a header pair. */
function sdkArgs(headers: Record<string, string>, timestamp: number) {
  return { signature: headers[SIG]!, clientSecret: secret, requestBody: body, url, method: "POST", timestamp };
}

describe("hubspot: the built-in spec", () => {
  it("verifies X-HubSpot-Signature-v3 over method, URL, body and the ms timestamp, ±5 minutes", () => {
    expect(scheme).toEqual({
      scheme: "hmac",
      header: SIG,
      algorithm: "sha256",
      encoding: "base64",
      prefix: "",
      separator: "",
      signedContent: "{method}{url}{body}{timestamp}",
      timestamp: { header: TS, unit: "ms", toleranceSeconds: 300 },
    });
    expect(spec.webhooks["default"]).toMatchObject({ path: "/webhooks/hubspot/", secretEnv: "HUBSPOT_CLIENT_SECRET", verifySignature: true, validation: "lenient" });
    expect(spec.delivery).toMatchObject({ timeoutSeconds: 5, retries: { attempts: 10, windowHours: 24 } });
    expect(Object.keys(spec.schemas.events)).toEqual(["batch"]);
  });
});

describe("hubspot: signatures, against @hubspot/api-client Signature v3", () => {
  it("theirs → ours: the SDK's v3 signature verifies with its millisecond timestamp; stale and future ones are refused", async () => {
    const now = Date.now();
    expect(Signature.isValid({ signatureVersion: "v3", ...sdkArgs(theirs(now), now) })).toBe(true);
    expect(await accepts(scheme, delivery(theirs(now)))).toBe(true);
    expect(await verify(scheme, delivery(theirs(now - 301_000)))).toEqual({ ok: false, reason: "timestamp outside tolerance" });
    expect(() => Signature.isValid({ signatureVersion: "v3", ...sdkArgs(theirs(now - 301_000), now - 301_000) })).toThrow(/Timestamp is invalid/);
    // The SDK checks the past only; we refuse a timestamp 5 minutes ahead as well.
    expect(Signature.isValid({ signatureVersion: "v3", ...sdkArgs(theirs(now + 301_000), now + 301_000) })).toBe(true);
    expect(await verify(scheme, delivery(theirs(now + 330_000)))).toEqual({ ok: false, reason: "timestamp outside tolerance" });
  });

  it("tampered bodies, another method, another URL, another secret or a changed timestamp are refused", async () => {
    const now = Date.now();
    const h = theirs(now);
    expect(await accepts(scheme, delivery(h, { body: body.replace("1246965", "1246966") }))).toBe(false);
    expect(await accepts(scheme, delivery(h, { method: "PUT" }))).toBe(false);
    expect(await accepts(scheme, delivery(h, { target: "https://www.example.com/webhooks/hubspot2/" }))).toBe(false);
    expect(await accepts(scheme, delivery(h, { target: "https://evil.example.com/webhooks/hubspot/" }))).toBe(false);
    expect(await accepts(scheme, delivery(h, { secrets: ["zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"] }))).toBe(false);
    expect(await accepts(scheme, delivery({ ...h, [TS]: String(now - 1) }))).toBe(false);
    expect((await verify(scheme, delivery({ [TS]: String(now) }))).ok).toBe(false); // no signature header
  });

  it("ours → theirs: signDelivery writes a millisecond timestamp the SDK accepts, and only for this body and URL", async () => {
    const seconds = Math.floor(Date.now() / 1000);
    const ours = signDelivery(scheme, { body, secret, url, timestamp: seconds });
    expect(ours[TS]).toBe(String(seconds * 1000));
    expect(ours[SIG]).toBe(theirs(seconds * 1000)[SIG]);
    expect(Signature.isValid({ signatureVersion: "v3", ...sdkArgs(ours, seconds * 1000) })).toBe(true);
    expect(Signature.isValid({ signatureVersion: "v3", ...sdkArgs(ours, seconds * 1000), requestBody: "[]" })).toBe(false);
    expect(Signature.isValid({ signatureVersion: "v3", ...sdkArgs(ours, seconds * 1000), url: "https://www.example.com/other" })).toBe(false);
    expect(await accepts(scheme, delivery(ours))).toBe(true);
  });

  it("rotation: two client secrets configured, a delivery signed with either verifies, with neither it does not", async () => {
    const now = Date.now();
    await expectRotation(scheme, ["old-client-secret", "new-client-secret"], "third-secret", (s) => delivery(theirs(now, { clientSecret: s })));
  });
});

describe("hubspot: event identity", () => {
  const extract = compileExtraction(spec.event);

  it("every array is the batch event, whether the items say subscriptionType or eventType; the time is the signed header's", () => {
    expect(extract({ [TS]: "1700000000123" }, AS_DELIVERED, 0)).toEqual({ type: "batch", baseType: "batch", id: undefined, timestampMs: 1_700_000_000_123 });
    expect(extract({}, DOC_EXAMPLE, 5)).toEqual({ type: "batch", baseType: "batch", id: undefined, timestampMs: 5 });
  });

  it("a single notification object is named by its own type (outside the catalog); an empty array has none", () => {
    expect(extract({}, AS_DELIVERED[1], 0).type).toBe("contact.creation");
    expect(extract({}, [], 0).type).toBeUndefined();
  });
});

describe("schemas/hubspot", () => {
  const folder = readSchemaFolder("hubspot");
  const compiled = compileFolder(folder);
  const validate = compiled.validator("batch");

  it("follows the folder contract: one event, batch, an array of the notification shapes", () => {
    expect(contractProblems(folder)).toEqual([]);
    expect([...folder.events.keys()]).toEqual(["batch"]);
    expect(folder.events.get("batch")!["type"]).toBe("array");
  });

  it("types every documented subscription type exactly once", () => {
    const listed = [...folder.defs.values()].flatMap((d) => ((d["properties"] as Record<string, SchemaObject>)["subscriptionType"]!["enum"] as string[] | undefined) ?? []);
    expect([...listed].sort()).toEqual(DOCUMENTED_TYPES);
    expect(listed.length).toBe(41);
  });

  it("HubSpot's documented example validates, as documented (eventType) and as delivered (subscriptionType)", () => {
    expect(validate(DOC_EXAMPLE), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(AS_DELIVERED), JSON.stringify(validate.errors)).toBe(true);
  });

  it("items narrow on subscriptionType; an unknown type still validates (the catch-all); a non-array or empty batch does not", () => {
    const defs = defValidators(folder);
    expect(defs.get("PropertyChange")!(AS_DELIVERED[0])).toBe(true);
    expect(defs.get("PropertyChange")!(AS_DELIVERED[1])).toBe(false);
    expect(defs.get("ObjectChange")!(AS_DELIVERED[1])).toBe(true);
    const merge = { eventId: 1, subscriptionId: 2, portalId: 3, occurredAt: 4, subscriptionType: "deal.merge", primaryObjectId: 10, mergedObjectIds: [11, 12], newObjectId: 13, numberOfPropertiesMoved: 7 };
    expect(defs.get("Merge")!(merge)).toBe(true);
    expect(defs.get("Merge")!({ ...merge, mergedObjectIds: "11" })).toBe(false);
    expect(validate([{ eventId: 1, subscriptionType: "object.creation", objectTypeId: "0-1", objectId: 5 }])).toBe(true);
    expect(validate(AS_DELIVERED[0])).toBe(false);
    expect(validate([])).toBe(false); // HubSpot never sends an empty batch
  });
});

/** A validator per def of the folder: each def compiled as an event that only refers to it. */
function defValidators(folder: SchemaFolder): Map<string, ValidateFunction> {
  const probes = new Map([...folder.defs.keys()].map((name): [string, SchemaObject] => [name, { $ref: `../defs/${name}.json` }]));
  const compiled = compileFolder({ ...folder, events: probes });
  return new Map([...probes.keys()].map((name) => [name, compiled.validator(name)]));
}
