/**
 * Typeform's built-in spec (providers/typeform/webhook.yaml): Typeform-Signature
 * `sha256=<base64 HMAC-SHA256 of the raw body>`. Typeform's Node client (@typeform/api-client, with
 * its verifySignature) is not a dependency here, so the documented construction is computed with
 * node:crypto, both ways, on both crypto backends, with tampered bodies, other secrets and
 * rotation. Then the catalog: Typeform's documented example payload validates against
 * schemas/typeform and is named by event_type; and an in-process pipeline dedupes on the signed
 * event_id.
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { compileExtraction } from "../../../src/runtime/extract.js";
import { signDelivery } from "../../../src/testing/sign.js";
import { compileFolder, contractProblems, errorSignatures, readSchemaFolder } from "../schema-folder.js";
import { accepts, expectRotation, verify } from "../schemes/harness.js";
import { builtinScheme, builtinSpec } from "./builtin.js";
import { builtinPipeline } from "./pipeline.js";

const scheme = builtinScheme("typeform");
const spec = builtinSpec("typeform");

/** Typeform's documented construction (secure-your-webhooks): sha256= + base64 of the HMAC-SHA256 of the payload. */
const typeformSignature = (secret: string, body: string | Uint8Array): string => `sha256=${createHmac("sha256", secret).update(body).digest("base64")}`;

// The example payload of https://www.typeform.com/developers/webhooks/example-payload/ (the fields and
// answers of the documented form; variables, hidden fields and picture choices as the current page shows them).
const EXAMPLE = {
  event_id: "LtWXD3crgy",
  event_type: "form_response",
  form_response: {
    form_id: "lT4Z3j",
    token: "a3a12ec67a1365927098a606107fac15",
    submitted_at: "2018-01-18T18:17:02Z",
    landed_at: "2018-01-18T18:07:02Z",
    calculated: { score: 9 },
    variables: [
      { key: "score", type: "number", number: 4 },
      { key: "name", type: "text", text: "typeform" },
    ],
    hidden: { user_id: "abc123456" },
    definition: {
      id: "lT4Z3j",
      title: "Webhooks example",
      fields: [
        { id: "DlXFaesGBpoF", title: "Thanks, {{answer_60906475}}! What's it like where you live? Tell us in a few sentences.", type: "long_text", ref: "readable_ref_long_text", allow_multiple_selections: false, allow_other_choice: false },
        { id: "SMEUb7VJz92Q", title: "If you're OK with our city management following up if they have further questions, please give us your email address.", type: "email", ref: "readable_ref_email", allow_multiple_selections: false, allow_other_choice: false },
        { id: "JwWggjAKtOkA", title: "What is your first name?", type: "short_text", ref: "readable_ref_short_text", allow_multiple_selections: false, allow_other_choice: false },
        { id: "KoJxDM3c6x8h", title: "When did you move to the place where you live?", type: "date", ref: "readable_ref_date", allow_multiple_selections: false, allow_other_choice: false },
        {
          id: "PNe8ZKBK8C2Q", title: "Which pictures do you like? You can choose as many as you like.", type: "picture_choice", ref: "readable_ref_picture_choice", allow_multiple_selections: true, allow_other_choice: false,
          choices: [
            { id: "eXnU3oA141Cg", ref: "238d1802-9921-4687-a37b-5e50f56ece8e", label: "London" },
            { id: "aTZmZGYV6liX", ref: "d867c542-1e72-4619-908f-aaae38cabb61", label: "Sydney" },
          ],
        },
        { id: "Q7M2XAwY04dW", title: "On a scale of 1 to 5, what rating would you give the weather in Sydney? 1 is poor weather, 5 is excellent weather", type: "number", ref: "readable_ref_number1", allow_multiple_selections: false, allow_other_choice: false },
        { id: "gFFf3xAkJKsr", title: "By submitting this form, you understand and accept that we will share your answers with city management. Your answers will be anonymous will not be shared.", type: "legal", ref: "readable_ref_legal", allow_multiple_selections: false, allow_other_choice: false },
        { id: "k6TP9oLGgHjl", title: "Which of these cities is your favorite?", type: "multiple_choice", ref: "readable_ref_multiple_choice", allow_multiple_selections: false, allow_other_choice: false },
        { id: "RUqkXSeXBXSd", title: "Do you have a favorite city we haven't listed?", type: "yes_no", ref: "readable_ref_yes_no", allow_multiple_selections: false, allow_other_choice: false },
        { id: "NRsxU591jIW9", title: "How important is the weather to your opinion about a city? 1 is not important, 5 is very important.", type: "opinion_scale", ref: "readable_ref_opinion_scale", allow_multiple_selections: false, allow_other_choice: false },
        { id: "WOTdC00F8A3h", title: "How would you rate the weather where you currently live? 1 is poor weather, 5 is excellent weather.", type: "rating", ref: "readable_ref_rating", allow_multiple_selections: false, allow_other_choice: false },
        { id: "pn48RmPazVdM", title: "On a scale of 1 to 5, what rating would you give the general quality of life in Sydney? 1 is poor, 5 is excellent", type: "number", ref: "readable_ref_number2", allow_multiple_selections: false, allow_other_choice: false },
      ],
    },
    answers: [
      { type: "text", text: "It's cold right now! I live in an older medium-sized city with a university. Geographically, the area is hilly.", field: { id: "DlXFaesGBpoF", type: "long_text" } },
      { type: "email", email: "laura@example.com", field: { id: "SMEUb7VJz92Q", type: "email" } },
      { type: "text", text: "Laura", field: { id: "JwWggjAKtOkA", type: "short_text" } },
      { type: "date", date: "2005-10-15", field: { id: "KoJxDM3c6x8h", type: "date" } },
      { type: "choices", choices: { labels: ["London", "Sydney"] }, field: { id: "PNe8ZKBK8C2Q", type: "picture_choice" } },
      { type: "number", number: 5, field: { id: "Q7M2XAwY04dW", type: "number" } },
      { type: "boolean", boolean: true, field: { id: "gFFf3xAkJKsr", type: "legal" } },
      { type: "choice", choice: { label: "London" }, field: { id: "k6TP9oLGgHjl", type: "multiple_choice" } },
      { type: "boolean", boolean: false, field: { id: "RUqkXSeXBXSd", type: "yes_no" } },
      { type: "number", number: 2, field: { id: "NRsxU591jIW9", type: "opinion_scale" } },
      { type: "number", number: 3, field: { id: "WOTdC00F8A3h", type: "rating" } },
      { type: "number", number: 4, field: { id: "pn48RmPazVdM", type: "number" } },
    ],
  },
};
const body = JSON.stringify(EXAMPLE);

describe("typeform: Typeform-Signature (hmac, sha256= base64)", () => {
  it("is the generic hmac scheme: one padded base64 signature of the raw body", () => {
    expect(scheme).toEqual({ scheme: "hmac", header: "typeform-signature", algorithm: "sha256", encoding: "base64", prefix: "sha256=", separator: "", signedContent: "{body}" });
  });

  it("accepts Typeform's signature; refuses it for a tampered body, under another secret, or hex-encoded", async () => {
    const theirs = { "Typeform-Signature": typeformSignature("tf-secret", body) };
    expect(await accepts(scheme, { body, headers: theirs, secrets: ["tf-secret"] })).toBe(true);
    expect(await accepts(scheme, { body: body.replace("Laura", "Mallory"), headers: theirs, secrets: ["tf-secret"] })).toBe(false);
    expect(await accepts(scheme, { body, headers: theirs, secrets: ["tf-other"] })).toBe(false);
    const hex = `sha256=${createHmac("sha256", "tf-secret").update(body).digest("hex")}`;
    expect(await accepts(scheme, { body, headers: { "typeform-signature": hex }, secrets: ["tf-secret"] })).toBe(false);
  });

  it("rotation: with two secrets configured a delivery signed with either passes, with neither fails", async () => {
    await expectRotation(scheme, ["tf-old", "tf-new"], "tf-newest", (s) => ({ body, headers: { "typeform-signature": typeformSignature(s, body) } }));
  });

  it("refuses a missing header, a missing prefix, and a truncated signature", async () => {
    const sig = typeformSignature("tf-secret", body);
    expect(await verify(scheme, { body, headers: {}, secrets: ["tf-secret"] })).toEqual({ ok: false, reason: "missing typeform-signature header" });
    expect(await accepts(scheme, { body, headers: { "typeform-signature": sig.slice("sha256=".length) }, secrets: ["tf-secret"] })).toBe(false);
    expect(await accepts(scheme, { body, headers: { "typeform-signature": sig.slice(0, -4) }, secrets: ["tf-secret"] })).toBe(false);
  });

  it("signDelivery produces exactly Typeform's header", async () => {
    const ours = signDelivery(scheme, { body, secret: "tf-secret" });
    expect(ours).toEqual({ "typeform-signature": typeformSignature("tf-secret", body) });
    expect(await accepts(scheme, { body, headers: ours, secrets: ["tf-secret"] })).toBe(true);
  });
});

describe("typeform: spec and catalog", () => {
  const folder = readSchemaFolder("typeform");
  const compiled = compileFolder(folder);
  const extract = compileExtraction(spec.event);

  it("reads event_type, event_id and submitted_at (else landed_at); Typeform's 30 s timeout and 10 h of retries", () => {
    expect(spec.event).toEqual({
      type: { body: ["event_type"] },
      id: { body: ["event_id"] },
      timestamp: { body: ["form_response.submitted_at", "form_response.landed_at"], unit: "iso" },
    });
    expect(spec.delivery).toMatchObject({ timeoutSeconds: 30, retries: { windowHours: 10 } });
    expect(spec.webhooks["default"]).toMatchObject({ path: "/webhooks/typeform/", secretEnv: "TYPEFORM_WEBHOOK_SECRET", validation: "lenient" });
  });

  it("has Typeform's two event types and follows the folder contract", () => {
    expect(contractProblems(folder)).toEqual([]);
    expect([...folder.events.keys()]).toEqual(["form_response", "form_response_partial"]);
    expect(Object.keys(spec.schemas.events).sort()).toEqual(["form_response", "form_response_partial"]);
  });

  it("the documented example validates and is named form_response, with its id and submission time", () => {
    expect(extract({}, EXAMPLE, 0)).toMatchObject({ type: "form_response", id: "LtWXD3crgy", timestampMs: Date.parse("2018-01-18T18:17:02Z") });
    const validate = compiled.validator("form_response");
    expect(validate(EXAMPLE), JSON.stringify(errorSignatures(validate))).toBe(true);
  });

  it("a partial response (no submitted_at) validates as form_response_partial, timed by landed_at", () => {
    const { submitted_at: _s, ...partialResponse } = EXAMPLE.form_response;
    const partial = { ...EXAMPLE, event_id: "01PARTIAL", event_type: "form_response_partial", form_response: { ...partialResponse, answers: EXAMPLE.form_response.answers.slice(0, 2) } };
    expect(extract({}, partial, 0)).toMatchObject({ type: "form_response_partial", id: "01PARTIAL", timestampMs: Date.parse("2018-01-18T18:07:02Z") });
    const validate = compiled.validator("form_response_partial");
    expect(validate(partial), JSON.stringify(errorSignatures(validate))).toBe(true);
    expect(compiled.validator("form_response")(partial)).toBe(false); // event_type is a const
  });

  it("refuses payloads of the wrong shape (the schemas are not empty)", () => {
    const validate = compiled.validator("form_response");
    expect(validate({ ...EXAMPLE, form_response: { ...EXAMPLE.form_response, answers: [{ type: "text", text: "no field" }] } })).toBe(false);
    expect(validate({ ...EXAMPLE, form_response: { ...EXAMPLE.form_response, token: 42 } })).toBe(false);
    const { form_response: _f, ...noResponse } = EXAMPLE;
    expect(validate(noResponse)).toBe(false);
  });
});

describe("typeform: in-process pipeline (dedupe on event_id)", () => {
  const pipeline = builtinPipeline("typeform", { env: { TYPEFORM_WEBHOOK_SECRET: "tf-old,tf-new" }, record: (event) => `${event.type} ${event.id}` });
  const { seen } = pipeline;
  const post = (text: string, secret: string) => pipeline.post(text, { "Typeform-Signature": typeformSignature(secret, text) });

  it("dispatches under either secret; a retry of the same event_id is a duplicate; another secret is 401", async () => {
    expect(await post(body, "tf-new")).toMatchObject({ status: 200, body: '{"status":"processed"}' });
    expect(await post(JSON.stringify(EXAMPLE, null, 1), "tf-old")).toMatchObject({ status: 200, body: '{"status":"duplicate"}' });
    expect(await post(JSON.stringify({ ...EXAMPLE, event_id: "LtWXD3crgz" }), "tf-other")).toMatchObject({ status: 401 });
    expect(await post(JSON.stringify({ ...EXAMPLE, event_id: "LtWXD3crgz" }), "tf-old")).toMatchObject({ status: 200 });
    expect(seen).toEqual(["form_response LtWXD3crgy", "form_response LtWXD3crgz"]);
  });
});
