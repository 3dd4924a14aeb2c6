/**
 * Slack's form-encoded deliveries end to end: the generated Slack provider (body_format: form) in a
 * fresh registry, the Express adapter on 127.0.0.1 with global JSON and urlencoded parsers, bodies
 * signed exactly as Slack signs them (`v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>`), the
 * signer checked against @slack/bolt's isValidSlackRequest.
 */
import { createHmac } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { isValidSlackRequest } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expressWebhookRoutes } from "../../src/adapters/express.js";
import type { WebhookEvent } from "../../src/runtime/event.js";
import { WebhookRegistry } from "../../src/runtime/registry.js";
import { slackProvider } from "../../generated/slack/provider.js";
import type { SlackEvents } from "../../generated/slack/types.js";

const SECRET = "slack-forms-signing-secret";
const registry = new WebhookRegistry().register(slackProvider);
const received: { type: string; payload: unknown }[] = [];
const wildcard: WebhookEvent[] = [];
const commands: { command: string; text: unknown }[] = [];
let server: Server;
let base: string;

function slackSign(body: string, secret = SECRET): Record<string, string> {
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = "v0=" + createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex");
  return { "x-slack-request-timestamp": ts, "x-slack-signature": signature };
}

beforeAll(async () => {
  const app = express();
  expressWebhookRoutes(app, [{ provider: "slack", webhook: "default", path: "/webhooks/slack" }], {
    registry,
    env: { SLACK_SIGNING_SECRET: SECRET },
    logger: {},
  });
  registry
    .createProcessor("slack")
    .on("block_actions", (event) => {
      const payload: SlackEvents["block_actions"] = event.payload; // typed by the generated catalog
      received.push({ type: event.type, payload });
    })
    .on("view_submission", (event) => {
      const payload: SlackEvents["view_submission"] = event.payload;
      received.push({ type: event.type, payload });
    })
    .on("slash_command", (event) => {
      const command: string = event.payload.command; // typed from the slash_command schema
      commands.push({ command, text: event.payload.text });
    })
    .on("*", (event) => void wildcard.push(event));
  // The app parses JSON globally; the webhook routes were registered first, so they read the raw bytes.
  app.use(express.json());
  app.use(express.urlencoded({ extended: true }));
  server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const post = (body: string, headers: Record<string, string>) =>
  fetch(`${base}/webhooks/slack`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body });

describe("Slack form deliveries over Express", () => {
  it("signs as @slack/bolt verifies", () => {
    const body = "payload=%7B%22type%22%3A%22shortcut%22%7D&x=a+b";
    const headers = slackSign(body);
    expect(
      isValidSlackRequest({
        signingSecret: SECRET,
        body,
        headers: { "x-slack-signature": headers["x-slack-signature"]!, "x-slack-request-timestamp": Number(headers["x-slack-request-timestamp"]) },
      }),
    ).toBe(true);
  });

  it("dispatches block_actions and view_submission (payload= JSON) to their typed handlers; tampered → 401", async () => {
    const blockActions = {
      type: "block_actions",
      api_app_id: "A0KRD7HC3",
      team: { id: "T9TK3CUKW", domain: "example" },
      user: { id: "U0D15K92L", username: "jane", team_id: "T9TK3CUKW" },
      trigger_id: "12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb3",
      response_url: "https://hooks.slack.com/actions/T9TK3CUKW/1/abc",
      actions: [{ action_id: "approve", block_id: "b1", type: "button", value: "42 & more", action_ts: "1548426417.840180" }],
    };
    const viewSubmission = {
      type: "view_submission",
      api_app_id: "A0KRD7HC3",
      team: { id: "T9TK3CUKW", domain: "example" },
      user: { id: "U0D15K92L", username: "jane" },
      view: { id: "V0PKB1ZFV", callback_id: "feedback", state: { values: { b1: { a1: { type: "plain_text_input", value: "great" } } } } },
    };
    for (const payload of [blockActions, viewSubmission]) {
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      const res = await post(body, slackSign(body));
      expect([res.status, await res.json()]).toEqual([200, { status: "processed" }]);
    }
    expect(received.map((r) => r.type)).toEqual(["block_actions", "view_submission"]);
    expect(received[0]!.payload).toEqual(blockActions);
    expect((received[0]!.payload as SlackEvents["block_actions"]).actions[0]).toMatchObject({ action_id: "approve", value: "42 & more" });
    expect((received[1]!.payload as SlackEvents["view_submission"]).view).toMatchObject({ callback_id: "feedback" });

    const body = new URLSearchParams({ payload: JSON.stringify(blockActions) }).toString();
    const tampered = await post(body.replace("approve", "reject"), slackSign(body));
    expect(tampered.status).toBe(401);
    const wrongSecret = await post(body, slackSign(body, "not-the-secret"));
    expect(wrongSecret.status).toBe(401);
    expect(received).toHaveLength(2);
  });

  it("verifies a slash command and dispatches it to the typed slash_command handler (when_present: { command: slash_command })", async () => {
    const fields = {
      token: "gIkuvaNzQIHg97ATvDxqgjtO",
      team_id: "T0001",
      team_domain: "example",
      channel_id: "C2147483705",
      channel_name: "test",
      user_id: "U2147483697",
      user_name: "Steve",
      command: "/weather",
      text: "94070 & 10001",
      api_app_id: "A123456",
      response_url: "https://hooks.slack.com/commands/1234/5678",
      trigger_id: "13345224609.738474920.8088930838d88f008e0",
    };
    const body = new URLSearchParams(fields).toString();
    const before = wildcard.length;
    const res = await post(body, slackSign(body));
    expect(res.status).toBe(200);
    const got = wildcard.slice(before);
    expect(got.map((e) => [e.type, { ...(e.payload as object) }])).toEqual([["slash_command", fields]]);
    expect(commands).toEqual([{ command: "/weather", text: "94070 & 10001" }]);
    const tampered = await post(body.replace("Steve", "Mallory"), slackSign(body));
    expect(tampered.status).toBe(401);
    expect(wildcard).toHaveLength(before + 1);
    expect(commands).toHaveLength(1);
  });
});
