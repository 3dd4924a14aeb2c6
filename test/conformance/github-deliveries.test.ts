/**
 * Conformance on GitHub's own recorded deliveries: every payload of @octokit/webhooks-examples,
 * signed with @octokit/webhooks-methods and POSTed over real HTTP to Express with the generated
 * GitHub provider, must be identified and reach a handler under `lenient` validation. Under
 * `strict`, each refusal (JSON path and reason) is written to a committed report this test compares
 * against, so any change in what strict refuses is visible in review.
 *
 * Five recordings are byte-identical copies of others (e.g. github_app_authorization[1] of [0]).
 * With the default dedupe, which keys on the verified signature because X-GitHub-Delivery is
 * unsigned, a byte-identical signed body is the same delivery: those five are answered duplicate
 * (checked below). The lenient run keys on the delivery id (`unsignedIdDedupe: "event_id"`), as a
 * user who prefers never merging distinct events with identical bodies would, and must dispatch all.
 *
 *   UPDATE_REPORTS=1 npx vitest run test/conformance/github-deliveries.test.ts   # rewrite the report
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import express from "express";
import { sign } from "@octokit/webhooks-methods";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expressWebhookRoutes } from "../../src/adapters/express.js";
import type { DeadLetterEntry } from "../../src/runtime/dead-letter.js";
import type { WebhookEvent } from "../../src/runtime/event.js";
import { WebhookRegistry } from "../../src/runtime/registry.js";
import type { ProviderDefinition } from "../../src/runtime/types.js";
import { githubProvider } from "../../generated/github/provider.js";

const require = createRequire(import.meta.url);
const REPORT = fileURLToPath(new URL("./reports/github-strict-refusals.txt", import.meta.url));
const SECRET = "conformance-secret";

interface ExampleDefinition {
  readonly name: string;
  readonly examples: ReadonlyArray<Record<string, unknown>>;
}
const definitions = JSON.parse(readFileSync(require.resolve("@octokit/webhooks-examples/api.github.com/index.json"), "utf8")) as ExampleDefinition[];
const deliveries = definitions.flatMap((d) =>
  d.examples.map((payload, index) => ({
    id: `${d.name}[${index}]`,
    header: d.name,
    // The delivered type, or the bare name when the action is not in the catalog (repository_dispatch's is free-form).
    expectedType:
      typeof payload["action"] === "string" && githubProvider.events.includes(`${d.name}.${payload["action"]}`) ? `${d.name}.${payload["action"]}` : d.name,
    body: JSON.stringify(payload),
  })),
);

// Every event, whatever the built-in webhook subscribes to.
const { events: _subscribed, ...base } = githubProvider.webhooks["default"]!;
const definition: ProviderDefinition = {
  ...githubProvider,
  webhooks: {
    lenient: { ...base, path: "/lenient", validation: "lenient", secretEnv: "CONFORMANCE_SECRET" },
    signature: { ...base, path: "/signature", validation: "lenient", secretEnv: "CONFORMANCE_SECRET" },
    strict: { ...base, path: "/strict", validation: "strict", secretEnv: "CONFORMANCE_SECRET" },
  },
};
const registry = new WebhookRegistry().register(definition);
const handled = { lenient: [] as WebhookEvent[], strict: [] as WebhookEvent[], signature: [] as WebhookEvent[] };
const answers: string[] = [];
const refused: DeadLetterEntry[] = [];
let server: Server;
let url: string;

beforeAll(async () => {
  const app = express();
  const options = { registry, env: { CONFORMANCE_SECRET: SECRET }, logger: { warn() {}, debug() {}, info() {} }, failedVerificationBudget: false } as const;
  const route = (w: string) => ({ provider: githubProvider.name, webhook: w, path: `/${w}` });
  expressWebhookRoutes(app, [route("lenient"), route("strict")], { ...options, unsignedIdDedupe: "event_id" });
  expressWebhookRoutes(app, [route("signature")], options);
  registry.processorFor(githubProvider.name, "signature").on("*", (e) => void handled.signature.push(e));
  registry.processorFor(githubProvider.name, "lenient").on("*", (e) => void handled.lenient.push(e));
  registry.processorFor(githubProvider.name, "strict").on("*", (e) => void handled.strict.push(e));
  registry.processorFor(githubProvider.name, "strict").onDeadLetter((entry) => void refused.push(entry));
  // The app parses JSON globally; the webhook routes were registered first, so they read the raw bytes.
  app.use(express.json({ limit: "30mb" }));
  server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const webhook of ["lenient", "strict", "signature"] as const) {
    for (const d of deliveries) {
      const res = await fetch(`${url}/${webhook}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": d.header,
          "x-github-delivery": `${webhook}-${d.id}`,
          "x-hub-signature-256": await sign(SECRET, d.body),
        },
        body: d.body,
      });
      const text = await res.text();
      if (webhook === "signature" && text.includes("duplicate")) answers.push(d.id);
    }
  }
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe(`GitHub's ${deliveries.length} recorded deliveries`, () => {
  it("are 329 in this version of @octokit/webhooks-examples", () => {
    expect(deliveries).toHaveLength(329);
  });

  it("lenient: every one is identified with its delivered type and reaches a handler", () => {
    expect(handled.lenient).toHaveLength(deliveries.length);
    const byId = new Map(handled.lenient.map((e) => [e.id, e]));
    const wrong = deliveries.filter((d) => byId.get(`lenient-${d.id}`)?.type !== d.expectedType).map((d) => d.id);
    expect(wrong).toEqual([]);
  });

  it("default dedupe (on the verified signature): exactly the five byte-identical copies are duplicates", () => {
    expect(answers.sort()).toEqual(["github_app_authorization[1]", "membership[2]", "org_block[1]", "organization[1]", "sponsorship[2]"]);
    expect(handled.signature).toHaveLength(deliveries.length - 5);
  });

  it("strict: refusals match the committed report (path and reason of each)", () => {
    expect(handled.strict.length + refused.length).toBe(deliveries.length);
    const lines = refused
      .map((r) => `${r.id.replace(/^strict-/, "")} ${r.type}: ${r.issues.map((i) => `${i.path.join(".") || "(root)"} ${i.message}`).join("; ")}`)
      .sort();
    const text = `# strict refusals of @octokit/webhooks-examples (${refused.length} of ${deliveries.length}); regenerate with UPDATE_REPORTS=1\n${lines.join("\n")}\n`;
    if (process.env["UPDATE_REPORTS"] === "1") writeFileSync(REPORT, text);
    expect(text).toBe(readFileSync(REPORT, "utf8"));
    for (const r of refused) for (const i of r.issues) expect(i.path.length).toBeGreaterThan(0);
  });
});
