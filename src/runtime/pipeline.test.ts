import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fixtureEnv, githubDefinition, SECRETS, stripeDefinition } from "../../test/fixtures/definitions.js";
import { createWebhookHandler, withNotFound, type PipelineOptions } from "./pipeline.js";
import { WebhookRegistry } from "./registry.js";
import type { DedupeStore } from "./stores/types.js";
import type { ProviderDefinition, WebhookRequest } from "./types.js";
import { WebhookVerifier } from "./verifiers/verifier.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

function request(path: string, body: string, headers: Record<string, string> = {}, remoteAddress = "127.0.0.1"): WebhookRequest {
  return {
    method: "POST",
    path,
    headers,
    remoteAddress,
    readBody: () => Promise.resolve(new TextEncoder().encode(body)),
  };
}

function githubRequest(body: string, extra: Record<string, string> = {}, remote?: string): WebhookRequest {
  const sig = `sha256=${createHmac("sha256", SECRETS.github).update(body).digest("hex")}`;
  return request(
    "/webhooks/github",
    body,
    { "x-github-event": "push", "x-github-delivery": `d-${Math.random()}`, "x-hub-signature-256": sig, ...extra },
    remote,
  );
}

function setup(def: ProviderDefinition = githubDefinition, options: PipelineOptions = {}) {
  const registry = new WebhookRegistry().register(def);
  const handler = createWebhookHandler([{ provider: def.name, webhook: "default", path: def.webhooks.default!.path }], {
    registry,
    env: fixtureEnv,
    logger: silent,
    ...options,
  });
  return { registry, handler };
}

describe("createWebhookHandler", () => {
  it("keeps a delivery nothing is registered for as a dead letter and answers 200 ignored", async () => {
    const { registry, handler } = setup();
    const res = await handler(githubRequest('{"ref":"x"}'));
    expect(res).toMatchObject({ status: 200, body: '{"status":"ignored"}' });
    expect(registry.processorFor("github", "default").deadLetters).toMatchObject([{ reason: "no_handler", type: "push" }]);
    // Middleware alone counts as something to run.
    registry.processorFor("github", "default").use(() => undefined);
    expect((await handler(githubRequest('{"ref":"y"}')))?.body).toBe('{"status":"processed"}');
  });

  it("names unset signing secrets at start-up, or refuses to start with requireSecrets", async () => {
    const errors: string[] = [];
    const { handler } = setup(githubDefinition, { env: {}, logger: { ...silent, error: (m) => void errors.push(m) } });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/signing secret env var not set: \w+ \(github\/default at \/webhooks\/github\)/);
    expect((await handler(githubRequest("{}")))?.status).toBe(500);

    expect(() => setup(githubDefinition, { env: {}, requireSecrets: true })).toThrow(/signing secret env var not set/);
    expect(() => setup(githubDefinition, { requireSecrets: true })).not.toThrow();
  });

  it("answers undefined for other paths, and withNotFound turns that into a JSON 404", async () => {
    const { handler } = setup();
    expect(await handler(request("/elsewhere", "{}"))).toBeUndefined();
    const res = await withNotFound(handler)(request("/elsewhere", "{}"));
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toBe("application/json");
  });

  it("refuses two routes on one path", () => {
    expect(() =>
      createWebhookHandler([
        { provider: "a", webhook: "default", path: "/x/" },
        { provider: "b", webhook: "default", path: "/x" },
      ]),
    ).toThrow(/claimed by both/);
  });

  it("trusts X-Forwarded-For only through configured proxies", async () => {
    const def: ProviderDefinition = {
      ...githubDefinition,
      webhooks: { default: { ...githubDefinition.webhooks.default!, ipAllowlist: ["192.30.252.0/22"] } },
    };
    const direct = setup(def);
    expect((await direct.handler(githubRequest("{}", { "x-forwarded-for": "192.30.252.1" })))!.status).toBe(403);
    const proxied = setup(def, { trustedProxies: ["127.0.0.1/32"] });
    expect((await proxied.handler(githubRequest("{}", { "x-forwarded-for": "192.30.252.1" })))!.status).toBe(200);
    expect((await proxied.handler(githubRequest("{}", { "x-forwarded-for": "192.30.252.1, 8.8.8.8" })))!.status).toBe(403);
  });

  it("uses a custom verifier assigned on the processor", async () => {
    const { registry, handler } = setup();
    class TokenVerifier extends WebhookVerifier {
      verify({ headers }: { headers: Readonly<Record<string, unknown>> }) {
        return headers["x-token"] === "ok" ? ({ ok: true } as const) : ({ ok: false, reason: "bad token" } as const);
      }
    }
    registry.createProcessor("github").verifier = new TokenVerifier();
    const base = { "x-github-event": "push", "x-github-delivery": "d-custom" };
    expect((await handler(request("/webhooks/github", "{}", { ...base, "x-token": "no" })))!.status).toBe(401);
    expect((await handler(request("/webhooks/github", "{}", { ...base, "x-token": "ok" })))!.status).toBe(200);
  });

  it("treats a throwing verifier as a failed signature, and a throwing reader as 400", async () => {
    const { registry, handler } = setup();
    registry.createProcessor("github").verifier = new (class extends WebhookVerifier {
      verify(): never {
        throw new Error("oops");
      }
    })();
    expect((await handler(githubRequest("{}")))!.status).toBe(401);
    const req = { ...githubRequest("{}"), readBody: () => Promise.reject(new Error("aborted")) };
    expect((await handler(req))!.status).toBe(400);
  });

  it("fails closed with 503 when the dedupe store is down, never rejecting", async () => {
    const broken: DedupeStore = {
      claim: () => Promise.reject(new Error("redis down")),
      complete: () => Promise.resolve(),
      release: () => Promise.resolve(),
    };
    const { registry, handler } = setup(githubDefinition, { dedupe: broken });
    registry.processorFor("github", "default").on("*", () => undefined); // something to dispatch to
    const res = await handler(githubRequest("{}"));
    expect(res!.status).toBe(503);
    expect(res!.headers["retry-after"]).toBe("5");
  });

  it("turns unexpected internal errors into a 500 instead of a rejection", async () => {
    const { registry, handler } = setup();
    registry.createProcessor("github").on("push", () => ({ big: 1n as unknown as number }));
    const res = await handler(githubRequest("{}"));
    expect(res!.status).toBe(500);
    const bad = setup(stripeDefinition);
    const req = request("/webhooks/stripe/", "{}", {});
    Object.defineProperty(req, "headers", {
      get() {
        throw new Error("weird framework");
      },
    });
    expect((await bad.handler(req))!.status).toBe(500);
  });

  it("caches the validator lookup per definition and mode", async () => {
    const calls: string[] = [];
    const def: ProviderDefinition = {
      ...githubDefinition,
      validators: (mode) => {
        calls.push(mode);
        return () => ({ safeParse: () => ({ success: true }) });
      },
    };
    const { handler } = setup(def);
    for (let i = 0; i < 3; i++) expect((await handler(githubRequest("{}")))!.status).toBe(200);
    expect(calls).toEqual(["strict"]);
  });

  it("skips verification only when verifySignature is false", async () => {
    const def: ProviderDefinition = {
      ...githubDefinition,
      webhooks: { default: { ...githubDefinition.webhooks.default!, verifySignature: false } },
    };
    const { handler } = setup(def);
    const res = await handler(request("/webhooks/github", "{}", { "x-github-event": "push", "x-github-delivery": "x" }));
    expect(res!.status).toBe(200);
  });
});
