/**
 * The built-in `linear` provider (providers/linear/webhook.yaml): signatures cross-checked with
 * @linear/sdk 98.0.0's `LinearWebhookClient` both ways (its `verify` and its request handler check
 * what we sign; we check Linear's documented construction, which its SDK accepts), with the signed
 * body timestamp (`webhookTimestamp`, ms) stale and in the future, rotated secrets and tampered
 * bodies; the catalog (the SDK's LinearWebhookEventTypeMap) against recorded Linear deliveries.
 */
import { createHmac } from "node:crypto";
import { LinearWebhookClient, type LinearWebhookEventType, type LinearWebhookPayload } from "@linear/sdk/webhooks";
import { describe, expect, it } from "vitest";
import { compileExtraction, compileObjectExtraction } from "../../../src/runtime/extract.js";
import { signDelivery } from "../../../src/testing/sign.js";
import { compileFolder, contractProblems, readSchemaFolder } from "../schema-folder.js";
import { accepts, expectRotation, verify } from "../schemes/harness.js";
import { builtinScheme, builtinSpec } from "./builtin.js";

const NAME = "linear";
const scheme = builtinScheme(NAME);
const spec = builtinSpec(NAME);
const SECRET = "lin_wh_0123456789abcdefghijklmnopqrstuv";
const NEW_SECRET = "lin_wh_rotated_in_zyxwvutsrqponmlkjihg";
const STRANGER = "lin_wh_not_configured_anywhere_000000";

/** A Linear data-change delivery body, sent `ageMs` ago. */
const bodyAt = (ageMs: number, title = "Fix the login button ü") =>
  JSON.stringify({
    action: "create", type: "Issue", createdAt: "2026-01-02T03:04:05.678Z", organizationId: "org-1", webhookId: "wh-1", webhookTimestamp: Date.now() - ageMs,
    url: "https://linear.app/acme/issue/ENG-1", data: { id: "issue-1", title, updatedAt: "2026-01-02T03:04:05.600Z" },
  });
/** Linear's documented construction: hex HMAC-SHA256 of the raw body with the webhook's signing secret. */
const linearSignature = (body: string, secret = SECRET) => createHmac("sha256", secret).update(body).digest("hex");

/** Whether @linear/sdk's verify accepts (it throws on every refusal). */
function sdkAccepts(body: string, signature: string, secret = SECRET): boolean {
  try {
    return new LinearWebhookClient(secret).verify(Buffer.from(body), signature);
  } catch {
    return false;
  }
}

describe("linear built-in: the spec", () => {
  it("is a hex HMAC of the body with the body's ms timestamp checked within Linear's 60 s", () => {
    expect(scheme).toMatchObject({ scheme: "hmac", header: "linear-signature", algorithm: "sha256", encoding: "hex", signedContent: "{body}", timestamp: { body: "webhookTimestamp", unit: "ms", toleranceSeconds: 60 } });
    expect(spec.event).toMatchObject({ type: { body: ["type"] }, id: { header: "linear-delivery" }, timestamp: { body: ["createdAt"], unit: "iso" } });
    expect(spec.webhooks["default"]).toMatchObject({ path: "/webhooks/linear/", verifySignature: true, secretEnv: "LINEAR_WEBHOOK_SECRET", validation: "lenient", maxBodyBytes: 5_242_880 });
    expect(spec.delivery).toMatchObject({ timeoutSeconds: 5, retries: { attempts: 3 } });
  });
});

describe("linear built-in: signatures against @linear/sdk", () => {
  it("we accept Linear's construction (which its SDK accepts); refuse it tampered or under another secret", async () => {
    const body = bodyAt(0);
    const headers = { "linear-signature": linearSignature(body) };
    expect(sdkAccepts(body, headers["linear-signature"])).toBe(true);
    expect(await accepts(scheme, { body, headers, secrets: [SECRET] })).toBe(true);
    expect(await accepts(scheme, { body: body.replace("login", "logout"), headers, secrets: [SECRET] })).toBe(false);
    expect(await accepts(scheme, { body: `${body} `, headers, secrets: [SECRET] })).toBe(false);
    expect(await accepts(scheme, { body, headers, secrets: [STRANGER] })).toBe(false);
    expect(await verify(scheme, { body, headers: { "linear-signature": linearSignature(bodyAt(0, "other")) }, secrets: [SECRET] })).toEqual({ ok: false, reason: "no matching signature" });
  });

  it("the SDK's verify and its request handler accept what we sign, and refuse it tampered or under another secret", async () => {
    const body = bodyAt(0);
    const ours = signDelivery(scheme, { body, secret: SECRET });
    expect(ours).toEqual({ "linear-signature": linearSignature(body) }); // the signer leaves the body (and its timestamp) alone
    expect(sdkAccepts(body, ours["linear-signature"]!)).toBe(true);
    expect(sdkAccepts(body.replace("login", "logout"), ours["linear-signature"]!)).toBe(false);
    expect(sdkAccepts(body, ours["linear-signature"]!, STRANGER)).toBe(false);
    const seen: LinearWebhookEventType[] = [];
    const handler = new LinearWebhookClient(SECRET).createHandler();
    handler.on("*", (payload: LinearWebhookPayload) => void seen.push(payload.type as LinearWebhookEventType));
    const post = (b: string, signature: string) => handler(new Request("https://hooks.example.com/webhooks/linear/", { method: "POST", body: b, headers: { "content-type": "application/json", "linear-signature": signature } }));
    expect((await post(body, ours["linear-signature"]!)).status).toBe(200);
    expect((await post(`${body} `, ours["linear-signature"]!)).status).toBe(400);
    expect(seen).toEqual(["Issue"]);
  });

  it("the signed body timestamp: both refuse it 61 s old or 90 s ahead, both accept it within 60 s", async () => {
    // Ahead with headroom: the checks read the clock after the body was built.
    for (const age of [61_000, -90_000]) {
      const body = bodyAt(age);
      const headers = { "linear-signature": linearSignature(body) };
      expect(sdkAccepts(body, headers["linear-signature"])).toBe(false);
      expect(await verify(scheme, { body, headers, secrets: [SECRET] })).toEqual({ ok: false, reason: "timestamp outside tolerance" });
    }
    for (const age of [55_000, -55_000]) {
      const body = bodyAt(age);
      expect(sdkAccepts(body, linearSignature(body))).toBe(true);
      expect(await accepts(scheme, { body, headers: { "linear-signature": linearSignature(body) }, secrets: [SECRET] })).toBe(true);
    }
    // No timestamp in the body: a signed but undated body is refused by both.
    const undated = JSON.stringify({ action: "create", type: "Issue", data: { id: "issue-1" } });
    expect(sdkAccepts(undated, linearSignature(undated))).toBe(false);
    expect(await accepts(scheme, { body: undated, headers: { "linear-signature": linearSignature(undated) }, secrets: [SECRET] })).toBe(false);
  });

  it("rotation: with two configured secrets a delivery signed with either passes, with neither fails (the SDK holds one)", async () => {
    const body = bodyAt(0);
    await expectRotation(scheme, [SECRET, NEW_SECRET], STRANGER, (s) => ({ body, headers: { "linear-signature": linearSignature(body, s) } }));
    expect(sdkAccepts(body, linearSignature(body, NEW_SECRET), SECRET)).toBe(false);
  });

  it("hex either case is the same MAC for us; the SDK compares the text and takes lower case only", async () => {
    const body = bodyAt(0);
    const upper = linearSignature(body).toUpperCase();
    expect(await accepts(scheme, { body, headers: { "linear-signature": upper }, secrets: [SECRET] })).toBe(true);
    expect(sdkAccepts(body, upper)).toBe(false);
  });
});

describe("linear built-in: the catalog (@linear/sdk LinearWebhookEventTypeMap)", () => {
  const folder = readSchemaFolder(NAME);
  const compiled = compileFolder(folder);
  const extract = compileExtraction(spec.event);
  const objectOf = compileObjectExtraction(spec.event)!;
  const SDK_TYPES: readonly LinearWebhookEventType[] = [
    "Attachment", "AuditEntry", "Comment", "Customer", "CustomerNeed", "Cycle", "Document", "Initiative", "InitiativeUpdate", "Issue", "IssueLabel",
    "Project", "ProjectUpdate", "Reaction", "User", "IssueSLA", "OAuthApp", "AppUserNotification", "PermissionChange", "AgentSessionEvent",
  ];

  it("is every webhook type the SDK knows, in the contract's JSON Schema subset", () => {
    expect([...folder.events.keys()].sort()).toEqual([...SDK_TYPES].sort());
    expect(Object.keys(spec.schemas.events).sort()).toEqual([...SDK_TYPES].sort());
    expect(contractProblems(folder)).toEqual([]);
  });

  // Deliveries Linear sent, as recorded and published by integrators (Port's Linear guide; an agent
  // integration's schema notes, 2025): Linear's docs show payloads only in part.
  const recorded: [type: string, payload: Record<string, unknown>][] = [
    ["Issue", {
      action: "create", actor: { id: "11c5ce7d-229b-4487-b23b-f404e4a8c85d", name: "Mor Paz", type: "user" }, createdAt: "2024-05-19T17:55:29.277Z",
      data: {
        id: "d62a755d-5389-4dbd-98bb-3db03f239d9d", createdAt: "2024-05-19T17:55:29.277Z", updatedAt: "2024-05-19T17:55:29.277Z", number: 5, title: "New issue again", priority: 0, boardOrder: 0, sortOrder: -3975,
        labelIds: [], teamId: "92d25fa4-fb1c-449f-b314-47f82e8f280d", previousIdentifiers: [], creatorId: "11c5ce7d-229b-4487-b23b-f404e4a8c85d", stateId: "f12cad17-9b8f-470d-b20a-5e17da8e46b9",
        priorityLabel: "No priority", botActor: null, identifier: "POR-5", url: "https://linear.app/getport/issue/POR-5/new-issue-again",
        state: { id: "f12cad17-9b8f-470d-b20a-5e17da8e46b9", color: "#e2e2e2", name: "Todo", type: "unstarted" }, team: { id: "92d25fa4-fb1c-449f-b314-47f82e8f280d", key: "POR", name: "Port" },
        subscriberIds: ["11c5ce7d-229b-4487-b23b-f404e4a8c85d"], labels: [],
      },
      url: "https://linear.app/getport/issue/POR-5/new-issue-again", type: "Issue", organizationId: "36968e1b-496c-4610-8c25-641364da172e", webhookTimestamp: 1716141329394, webhookId: "ee1fa20e-6b57-4448-86f7-39d9672ddedd",
    }],
    ["Comment", {
      action: "create", actor: { id: "c4678d48-c096-480c-9080-0a520e8051e8", name: "Connor Turland", email: "connor@ceedar.io", type: "user" }, createdAt: "2025-05-05T18:33:09.743Z",
      data: {
        id: "00d56bdc-5c15-42fd-b35c-7ecb6ebea19d", createdAt: "2025-05-05T18:33:09.755Z", updatedAt: "2025-05-05T18:33:09.743Z", body: "@agentclear1 let's see about his", issueId: "c540335e-b092-4095-806e-87a2e42b79f2",
        userId: "c4678d48-c096-480c-9080-0a520e8051e8", reactionData: [], user: { id: "c4678d48-c096-480c-9080-0a520e8051e8", name: "Connor Turland", email: "connor@ceedar.io" },
        issue: { id: "c540335e-b092-4095-806e-87a2e42b79f2", title: "simple issue", teamId: "1cfc6426-7357-4a80-847e-e636efb71a23", team: { id: "1cfc6426-7357-4a80-847e-e636efb71a23", key: "CEE", name: "Ceedar" }, identifier: "CEE-594", url: "https://linear.app/ceedar/issue/CEE-594/simple-issue" },
      },
      url: "https://linear.app/ceedar/issue/CEE-594/simple-issue#comment-00d56bdc", type: "Comment", organizationId: "ee2a1136-fe42-47ac-897f-f4ee8e824eb8", webhookTimestamp: 1746469989865, webhookId: "d48bbf43-265a-4efc-892e-3e769cb8590e",
    }],
    ["AppUserNotification", {
      type: "AppUserNotification", action: "issueAssignedToYou", createdAt: "2025-05-05T19:58:54.897Z", organizationId: "ee2a1136-fe42-47ac-897f-f4ee8e824eb8", oauthClientId: "2902b10a-8454-4907-8670-4767dab347ff", appUserId: "6ee0d291-4995-4a40-b02c-2381ccb6eaf8",
      notification: {
        id: "b560a5eb-27ae-41a0-a710-41ac8746648c", createdAt: "2025-05-05T19:58:54.867Z", updatedAt: "2025-05-05T19:58:54.867Z", archivedAt: null, type: "issueAssignedToYou", actorId: "c4678d48-c096-480c-9080-0a520e8051e8",
        externalUserActorId: null, userId: "6ee0d291-4995-4a40-b02c-2381ccb6eaf8", issueId: "c540335e-b092-4095-806e-87a2e42b79f2",
        issue: { id: "c540335e-b092-4095-806e-87a2e42b79f2", title: "simple issue", teamId: "1cfc6426-7357-4a80-847e-e636efb71a23", team: { id: "1cfc6426-7357-4a80-847e-e636efb71a23", key: "CEE", name: "Ceedar" }, identifier: "CEE-594", url: "https://linear.app/ceedar/issue/CEE-594/simple-issue" },
        actor: { id: "c4678d48-c096-480c-9080-0a520e8051e8", name: "Connor Turland", email: "connor@ceedar.io", avatarUrl: "https://public.linear.app/avatar.png" },
      },
      webhookTimestamp: 1746475134919, webhookId: "b14b04c7-90c4-46cf-bedc-a42965e26c85",
    }],
  ];

  it.each(recorded)("a recorded %s delivery validates, and its type, id, time and object are extracted", (type, payload) => {
    const validate = compiled.validator(type);
    expect(validate(payload), JSON.stringify(validate.errors)).toBe(true);
    const event = extract({ "linear-delivery": "3ae4fb1a-9a4e-4b1f-8e58-2a2b1f5a7d11" }, payload, 0);
    expect(event).toMatchObject({ type, id: "3ae4fb1a-9a4e-4b1f-8e58-2a2b1f5a7d11", timestampMs: Date.parse(payload["createdAt"] as string) });
    const data = payload["data"] as Record<string, unknown> | undefined;
    expect(objectOf({}, payload)).toEqual(data === undefined ? undefined : { id: data["id"], timestampMs: Date.parse(data["updatedAt"] as string) });
  });

  it("the schemas refuse what no Linear delivery looks like", () => {
    const [, issue] = recorded[0]!;
    expect(compiled.validator("Issue")({ ...issue, webhookTimestamp: "1716141329394" })).toBe(false); // ms as a number
    expect(compiled.validator("Issue")({ ...issue, type: "Comment" })).toBe(false);
    const { data: _data, ...noData } = issue;
    expect(compiled.validator("Issue")(noData)).toBe(false);
    expect(compiled.validator("Comment")({ ...recorded[1]![1], data: { body: "no id" } })).toBe(false);
  });
});
