/**
 * The built-in Sentry spec (providers/sentry/webhook.yaml): integration platform webhooks. Sentry
 * has no webhook-verifying Node SDK (nor one in devDependencies), so its construction — hex
 * HMAC-SHA256 of the body, keyed by the integration's Client Secret, in Sentry-Hook-Signature
 * (Sentry's SentryApp.build_signature; docs: https://docs.sentry.io/organization/integrations/integration-platform/webhooks/)
 * — is computed here with node:crypto and checked both ways on both crypto backends, beside the
 * documented example payloads of every resource.
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { compileExtraction } from "../../../src/runtime/extract.js";
import { signDelivery } from "../../../src/testing/sign.js";
import { accepts, expectRotation, lower, verify } from "../schemes/harness.js";
import { compileFolder, contractProblems, readSchemaFolder } from "../schema-folder.js";
import { builtinScheme, builtinSpec } from "./builtin.js";
import { expectExamplesValidate } from "./catalog.js";
import { builtinPipeline } from "./pipeline.js";

const scheme = builtinScheme("sentry");
const spec = builtinSpec("sentry");
const folder = readSchemaFolder("sentry");
const lenient = compileFolder(folder);
const strict = compileFolder(folder, { strict: true });
const extract = compileExtraction(spec.event);

/** Sentry's construction (hmac.new(client_secret, body, sha256).hexdigest()). */
const sentrySignature = (secret: string, body: string): string => createHmac("sha256", secret).update(body, "utf8").digest("hex");
/** The JavaScript check in Sentry's docs: re-serialises the parsed body and compares with ===. */
function sentryDocsVerify(secret: string, parsedBody: unknown, header: string | undefined): boolean {
  const digest = createHmac("sha256", secret).update(JSON.stringify(parsedBody), "utf8").digest("hex");
  return digest === header;
}

const installation = { uuid: "a8e5d37a-696c-4c54-adb5-b3f28d64c7de" };
const sentryActor = { id: "sentry", name: "Sentry", type: "application" };

// Sentry's documented example payloads, one per resource
// (…/integration-platform/webhooks/<installation|issues|comments|metric-alerts|issue-alerts|errors|seer>/).
// Stack frames are cut to one per example; the Seer examples lose the trailing commas that make
// the published text invalid JSON.
const frame = {
  abs_path: "https://null.jsbin.com/runner",
  colno: 5,
  context_line: "<meta charset=utf-8>",
  data: { orig_in_app: 1 },
  errors: null,
  filename: "/runner",
  function: null,
  image_addr: null,
  in_app: false,
  instruction_addr: null,
  lineno: 3,
  module: "runner",
  package: null,
  platform: null,
  post_context: ["<title>JS Bin Runner</title>", "", '<style type="text/css">', "  body {", "    margin: 0;"],
  pre_context: ["<!doctype html>", "<html>"],
  raw_function: null,
  symbol: null,
  symbol_addr: null,
  trust: null,
  vars: null,
};
const sentryEvent = (eventId: string, issueId: string) => ({
  _ref: 1293919,
  _ref_version: 2,
  contexts: { browser: { name: "Chrome", type: "browser", version: "75.0.3770" }, os: { name: "Mac OS X", type: "os", version: "10.14.0" } },
  culprit: "?(runner)",
  datetime: "2019-08-19T20:58:37.391000Z",
  dist: null,
  event_id: eventId,
  exception: {
    values: [
      {
        mechanism: { data: { message: "blooopy is not defined", mode: "stack", name: "ReferenceError" }, description: null, handled: false, help_link: null, meta: null, synthetic: null, type: "onerror" },
        stacktrace: { frames: [frame] },
        type: "ReferenceError",
        value: "blooopy is not defined",
      },
    ],
  },
  fingerprint: ["{{ default }}"],
  grouping_config: { enhancements: "eJybzDhxY05qemJypZWRgaGlroGxrqHRBABbEwcC", id: "legacy:2019-03-12" },
  hashes: ["07d2da329989f6cd310eb5f1c5e828a4"],
  issue_url: `https://sentry.io/api/0/issues/${issueId}/`,
  issue_id: issueId,
  key_id: "667532",
  level: "error",
  location: "/runner",
  logger: "",
  message: "",
  metadata: { filename: "/runner", type: "ReferenceError", value: "blooopy is not defined" },
  platform: "javascript",
  project: 1,
  received: 1566248317.391,
  release: null,
  request: { cookies: null, data: null, env: null, fragment: null, headers: [["User-Agent", "Mozilla/5.0"]], inferred_content_type: null, method: null, query_string: [], url: "https://null.jsbin.com/runner" },
  sdk: { integrations: ["InboundFilters", "FunctionToString"], name: "sentry.javascript.browser", packages: [{ name: "npm:@sentry/browser", version: "5.5.0" }], version: "5.5.0" },
  tags: [
    ["browser", "Chrome 75.0.3770"],
    ["level", "error"],
  ],
  time_spent: null,
  timestamp: 1566248317.391,
  title: "ReferenceError: blooopy is not defined",
  type: "error",
  url: `https://sentry.io/api/0/projects/test-org/front-end/events/${eventId}/`,
  user: { ip_address: "162.218.85.90" },
  version: "7",
  web_url: `https://sentry.io/organizations/test-org/issues/${issueId}/events/${eventId}/`,
});

const examples: Record<string, { resource: string; body: Record<string, unknown> }> = {
  "installation.created": {
    resource: "installation",
    body: {
      action: "created",
      actor: { id: 1, name: "Meredith Heller", type: "user" },
      data: {
        installation: {
          status: "pending",
          organization: { slug: "test-org" },
          app: { uuid: "2ebf071f-28df-4989-aca9-c37c763b278f", slug: "webhooks-galore" },
          code: "f3c71b491e3949b6b033ae45312a4fcb",
          uuid: "a8e5d37a-696c-4c54-adb5-b3f28d64c7de",
        },
      },
      installation,
    },
  },
  "issue.created": {
    resource: "issue",
    body: {
      action: "created",
      actor: sentryActor,
      data: {
        issue: {
          annotations: [],
          assignedTo: null,
          count: "1",
          culprit: "?(runner)",
          firstSeen: "2019-08-19T20:58:37.391000Z",
          hasSeen: false,
          id: "1170820242",
          isBookmarked: false,
          isPublic: false,
          isSubscribed: false,
          lastSeen: "2019-08-19T20:58:37.391000Z",
          level: "error",
          logger: null,
          metadata: { filename: "/runner", type: "ReferenceError", value: "blooopy is not defined" },
          numComments: 0,
          permalink: null,
          platform: "javascript",
          project: { id: "1", name: "front-end", platform: "", slug: "front-end" },
          shareId: null,
          shortId: "FRONT-END-9",
          status: "unresolved",
          statusDetails: {},
          subscriptionDetails: null,
          substatus: "escalating",
          title: "ReferenceError: blooopy is not defined",
          type: "error",
          userCount: 1,
        },
      },
      installation,
    },
  },
  "comment.created": {
    resource: "comment",
    body: {
      action: "created",
      data: { comment: "adding a comment", project_slug: "sentry", comment_id: 1234, issue_id: 100, timestamp: "2022-03-02T21:51:44.118160Z" },
      installation: { uuid: "eac5a0ae-60ec-418f-9318-46dc5e7e52ec" },
      actor: { type: "user", id: 1, name: "colleen" },
    },
  },
  "metric_alert.resolved": {
    resource: "metric_alert",
    body: {
      action: "resolved",
      actor: sentryActor,
      data: {
        description_text: "1000 events in the last 10 minutes\\nFilter: level:error",
        description_title: "Resolved: Too many errors",
        metric_alert: {
          alert_rule: {
            aggregate: "count()",
            created_by: null,
            dataset: "events",
            date_created: "2020-09-13T12:26:40.000000Z",
            date_modified: "2020-09-13T12:26:40.000000Z",
            environment: null,
            id: "7",
            include_all_projects: false,
            name: "Too many errors",
            organization_id: "5",
            projects: ["bar"],
            query: "level:error",
            resolution: 1,
            resolve_threshold: null,
            status: 0,
            threshold_period: 1,
            threshold_type: 0,
            time_window: 10,
            triggers: [],
          },
          date_closed: null,
          date_created: "2020-09-13T12:26:40.000000Z",
          date_detected: "2020-09-13T12:26:40.000000Z",
          date_started: "2020-09-13T12:26:40.000000Z",
          id: "4",
          identifier: "1",
          organization_id: "5",
          projects: ["bar"],
          status: 2,
          status_method: 3,
          title: "Sacred Marmot",
          type: 2,
        },
        web_url: "https://sentry.io/organizations/baz/alerts/1/",
      },
      installation,
    },
  },
  "event_alert.triggered": {
    resource: "event_alert",
    body: {
      action: "triggered",
      actor: sentryActor,
      data: {
        event: sentryEvent("e4874d664c3540c1a32eab185f12c5ab", "1117540176"),
        triggered_rule: "Very Important Alert Rule!",
        issue_alert: { title: "Very Important Alert Rule!", settings: [{ name: "channel", value: "#general" }] },
      },
      installation,
    },
  },
  "error.created": { resource: "error", body: { action: "created", actor: sentryActor, data: { error: sentryEvent("bb78c1407cea4519aa397afc059c793d", "1170820242") }, installation } },
  "seer.root_cause_started": { resource: "seer", body: { action: "root_cause_started", actor: sentryActor, data: { run_id: 12345, group_id: 1170820242 }, installation } },
  "seer.root_cause_completed": {
    resource: "seer",
    body: {
      action: "root_cause_completed",
      actor: sentryActor,
      data: {
        run_id: 12345,
        group_id: 1170820242,
        root_cause: {
          description: "Woah wow there's a bug here.",
          steps: [
            {
              title: "User navigates to the dashboard page, initiating page load.",
              code_snippet_and_analysis: "The user's browser sends a GET request to `/dashboard`. This is the entry point for the issue.",
              timeline_item_type: "human_action",
              relevant_code_file: { file_path: "N/A", repo_name: "N/A" },
              is_most_important_event: false,
            },
          ],
        },
      },
      installation,
    },
  },
  "seer.solution_completed": {
    resource: "seer",
    body: {
      action: "solution_completed",
      actor: sentryActor,
      data: { run_id: 12345, group_id: 1170820242, solution: { description: "Definitely need to fix this.", steps: [{ title: "Go fix it" }, { title: "Then go fix this other thing." }] } },
      installation,
    },
  },
  "seer.coding_completed": {
    resource: "seer",
    body: {
      action: "coding_completed",
      actor: sentryActor,
      data: {
        run_id: 12345,
        group_id: 1170820242,
        changes: [
          {
            repo_name: "my-app",
            repo_external_id: "12345",
            title: "fix: Initialize undefined variable",
            description: "This change initializes the 'blooopy' variable before use to prevent ReferenceError",
            diff: "<the diff as a string>",
            branch_name: "seer/fix-this-thing",
          },
        ],
      },
      installation,
    },
  },
  "seer.pr_created": {
    resource: "seer",
    body: {
      action: "pr_created",
      actor: sentryActor,
      data: {
        run_id: 12345,
        group_id: 1170820242,
        pull_requests: [{ pull_request: { pr_number: 123, pr_url: "https://github.com/owner/repo/pull/123", pr_id: 456789 }, repo_name: "my-app", provider: "github" }],
      },
      installation,
    },
  },
};

describe("sentry: the built-in spec", () => {
  it("is an hmac scheme over the raw body in Sentry-Hook-Signature, typed resource.action, with Sentry's 1 s budget", () => {
    expect(scheme).toMatchObject({ scheme: "hmac", header: "sentry-hook-signature", algorithm: "sha256", encoding: "hex", prefix: "", separator: "", signedContent: "{body}" });
    expect(spec.event).toEqual({
      type: { header: "sentry-hook-resource", appendBody: "action" },
      id: { header: "request-id" },
      timestamp: { header: "sentry-hook-timestamp", unit: "s" },
    });
    expect(spec.delivery).toMatchObject({ timeoutSeconds: 1, retries: { attempts: 3 } });
    expect(spec.webhooks.default).toMatchObject({ path: "/webhooks/sentry/", verifySignature: true, secretEnv: "SENTRY_CLIENT_SECRET", validation: "lenient", maxBodyBytes: 2 * 1_048_576 });
  });

  it("catalogs 23 events of seven resources, each with its action as a const", () => {
    const names = [...folder.events.keys()];
    expect(names).toHaveLength(23);
    expect([...new Set(names.map((n) => n.split(".")[0]))].sort()).toEqual(["comment", "error", "event_alert", "installation", "issue", "metric_alert", "seer"]);
    expect(Object.keys(spec.schemas.events).sort()).toEqual(names);
    expect(contractProblems(folder)).toEqual([]);
    for (const [name, schema] of folder.events) {
      const action = (schema.properties as Record<string, { const?: string }>).action!.const;
      expect(`${name.split(".")[0]}.${action}`).toBe(name);
    }
  });
});

describe("sentry: signatures", () => {
  const secret = "sentry-client-secret-1";
  const body = JSON.stringify(examples["issue.created"]!.body);

  it("accepts Sentry's construction; refuses it tampered, under another secret, missing, or with a prefix Sentry never sends", async () => {
    const theirs = { "Sentry-Hook-Signature": sentrySignature(secret, body) };
    expect(await accepts(scheme, { body, headers: theirs, secrets: [secret] })).toBe(true);
    expect(await accepts(scheme, { body: body.replace("FRONT-END-9", "FRONT-END-8"), headers: theirs, secrets: [secret] })).toBe(false);
    expect(await accepts(scheme, { body, headers: { "Sentry-Hook-Signature": sentrySignature("other", body) }, secrets: [secret] })).toBe(false);
    expect((await verify(scheme, { body, headers: {}, secrets: [secret] })).ok).toBe(false);
    expect(await accepts(scheme, { body, headers: { "Sentry-Hook-Signature": `sha256=${sentrySignature(secret, body)}` }, secrets: [secret] })).toBe(false);
  });

  it("during rotation accepts a delivery signed with either configured secret, and none signed with neither", async () => {
    await expectRotation(scheme, ["sentry-old-secret", secret], "third", (s) => ({ body, headers: { "sentry-hook-signature": sentrySignature(s, body) } }));
  });

  it("signs as Sentry does: Sentry's documented check accepts signDelivery's header, and refuses it tampered", () => {
    const ours = signDelivery(scheme, { body, secret });
    expect(ours).toEqual({ "sentry-hook-signature": sentrySignature(secret, body) });
    expect(sentryDocsVerify(secret, JSON.parse(body), ours["sentry-hook-signature"])).toBe(true);
    expect(sentryDocsVerify(secret, { ...JSON.parse(body), action: "resolved" }, ours["sentry-hook-signature"])).toBe(false);
  });

  it("verifies the raw bytes: an authentic body Sentry's docs snippet would re-serialise differently still verifies", async () => {
    // Python's json.dumps writes ", " and ": " by default; JSON.stringify does not.
    const spaced = '{"action": "created", "data": {"comment": "caf\\u00e9", "comment_id": 1, "issue_id": 2}, "installation": {"uuid": "u"}}';
    const header = { "sentry-hook-signature": sentrySignature(secret, spaced) };
    expect(sentryDocsVerify(secret, JSON.parse(spaced), header["sentry-hook-signature"])).toBe(false);
    expect(await accepts(scheme, { body: spaced, headers: header, secrets: [secret] })).toBe(true);
  });
});

describe("sentry: documented payloads", () => {
  it("validate against the catalog, as written and with unknown keys forbidden at the envelope", () => {
    expectExamplesValidate(lenient, strict, Object.entries(examples).map(([event, { body }]) => [event, body]));
    expect(Object.keys(examples)).toHaveLength(11);
  });

  it("refuse a body of another resource or action, and one without the resource's data", () => {
    const issueCreated = examples["issue.created"]!.body;
    expect(lenient.validator("issue.resolved")(issueCreated)).toBe(false);
    expect(lenient.validator("error.created")(issueCreated)).toBe(false);
    expect(lenient.validator("issue.created")({ ...issueCreated, data: {} })).toBe(false);
    expect(lenient.validator("comment.created")({ ...examples["comment.created"]!.body, data: { comment: "no ids" } })).toBe(false);
  });

  it("are typed from the Sentry-Hook-Resource header and the body's action; Request-ID is the id, Sentry-Hook-Timestamp the time", () => {
    for (const [event, { resource, body }] of Object.entries(examples)) {
      const e = extract(lower({ "Sentry-Hook-Resource": resource, "Request-ID": "88a1d5bb64fa4e0d8b4d2a3f52b6e2a1", "Sentry-Hook-Timestamp": "1566248317" }), body, 0);
      expect(e, event).toEqual({ type: event, baseType: resource, id: "88a1d5bb64fa4e0d8b4d2a3f52b6e2a1", timestampMs: 1_566_248_317_000 });
    }
  });
});

describe("sentry: through the pipeline", () => {
  const secret = "sentry-pipeline-secret";

  it("dispatches issue.created; a retry (new Request-ID, same body) is a duplicate; a forged body is 401", async () => {
    const { post, seen } = builtinPipeline("sentry", { env: { SENTRY_CLIENT_SECRET: secret }, record: (event) => event.type });
    const body = JSON.stringify(examples["issue.created"]!.body);
    const headers = (requestId: string) => ({
      "sentry-hook-resource": "issue",
      "request-id": requestId,
      "sentry-hook-timestamp": String(Math.floor(Date.now() / 1000)),
      "sentry-hook-signature": sentrySignature(secret, body),
    });
    expect(await post(body, headers("req-1"))).toMatchObject({ status: 200, body: '{"status":"processed"}' });
    expect(await post(body, headers("req-2"))).toMatchObject({ status: 200, body: '{"status":"duplicate"}' });
    expect(seen).toEqual(["issue.created"]);
    expect((await post(body.replace("unresolved", "resolved"), headers("req-3")))?.status).toBe(401);
  });
});
