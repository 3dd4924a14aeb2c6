import { describe, expect, it } from "vitest";
import { githubDefinition, slackDefinition, standardWebhooksSignature, stripeDefinition } from "../../../test/fixtures/definitions.js";
import { WebhookRegistry } from "../registry.js";
import type { ProviderDefinition, WebhookConfig } from "../types.js";
import { GitHubVerifier } from "../verifiers/github.js";
import { NoneVerifier } from "../verifiers/none.js";
import { contextFor, settingsFor } from "./__fixtures__/harness.js";
import { defaultVerifierOf, idIsSigned, resolveRouteContext } from "./route-context.js";

const config = (def: ProviderDefinition, webhook = "default"): WebhookConfig => def.webhooks[webhook]!;

/** A Standard Webhooks provider (hmac scheme, id in the `webhook-id` header). */
function hmacDefinition(overrides: Partial<ProviderDefinition> = {}): ProviderDefinition {
  return {
    name: "svix",
    source: "route-context.test.ts",
    signature: standardWebhooksSignature,
    event: { type: { body: ["type"] }, id: { header: "webhook-id" } },
    bodyFormat: "json",
    events: ["user.created"],
    webhooks: { default: { path: "/svix", verifySignature: true, secretEnv: "SVIX_SECRET", validation: "off", invalidStatus: 202, maxBodyBytes: 1024 } },
    ...overrides,
  };
}

describe("idIsSigned", () => {
  it("is false for GitHub, whose id is the unsigned X-GitHub-Delivery header", () => {
    expect(idIsSigned(githubDefinition, config(githubDefinition))).toBe(false);
  });

  it("is true for Stripe and Slack, whose id lies in the signed body", () => {
    expect(idIsSigned(stripeDefinition, config(stripeDefinition))).toBe(true);
    expect(idIsSigned(slackDefinition, config(slackDefinition))).toBe(true);
  });

  it("is true for an hmac scheme that signs {id} taken from the id header", () => {
    const def = hmacDefinition();
    expect(standardWebhooksSignature.signedContent).toContain("{id}");
    expect(idIsSigned(def, config(def))).toBe(true);
  });

  it("is false for an hmac scheme whose signed content lacks {id}, or signs a different header", () => {
    const noId = hmacDefinition({ signature: { ...standardWebhooksSignature, signedContent: "{timestamp}.{body}" } });
    expect(idIsSigned(noId, config(noId))).toBe(false);
    const otherHeader = hmacDefinition({ signature: { ...standardWebhooksSignature, idHeader: "svix-id" } });
    expect(idIsSigned(otherHeader, config(otherHeader))).toBe(false);
    const { idHeader: _dropped, ...withoutIdHeader } = standardWebhooksSignature;
    const noIdHeader = hmacDefinition({ signature: withoutIdHeader });
    expect(idIsSigned(noIdHeader, config(noIdHeader))).toBe(false);
  });

  it("is false for a non-hmac scheme with an id header, whatever the header", () => {
    const def: ProviderDefinition = { ...stripeDefinition, event: { ...stripeDefinition.event, id: { header: "stripe-signature" } } };
    expect(idIsSigned(def, config(def))).toBe(false);
  });

  it("is true when nothing is verified (verifySignature false, or scheme none)", () => {
    const unverified = { ...config(githubDefinition), verifySignature: false };
    expect(idIsSigned(githubDefinition, unverified)).toBe(true);
    const none: ProviderDefinition = { ...githubDefinition, signature: { scheme: "none" } };
    expect(idIsSigned(none, config(none))).toBe(true);
  });

  it("is true when the provider has no id (the body's own digest stands in)", () => {
    const { id: _id, ...event } = githubDefinition.event;
    const def: ProviderDefinition = { ...githubDefinition, event };
    expect(idIsSigned(def, config(def))).toBe(true);
  });
});

describe("resolveRouteContext", () => {
  it("resolves the route's definition, config, processor and keys", () => {
    const settings = settingsFor(stripeDefinition);
    const ctx = contextFor(settings, "stripe", "limited");
    expect(ctx.def).toBe(stripeDefinition);
    expect(ctx.config).toBe(stripeDefinition.webhooks.limited);
    expect(ctx.processor).toBe(settings.registry.processorFor("stripe", "limited"));
    expect(ctx.route).toEqual({ provider: "stripe", webhook: "limited", path: "/webhooks/stripe/limited" });
    expect(ctx.rateKey).toBe("stripe:limited");
    expect(ctx.refillPerMs).toBe(1 / 60_000);
    expect(ctx.failureKeyPrefix).toBe("stripe:limited:unverified:");
    expect(ctx.dedupePrefix).toBe("stripe:limited:");
    expect(ctx.where).toEqual({ provider: "stripe", webhook: "limited" });
    expect(Object.isFrozen(ctx.where)).toBe(true);
    expect(ctx.idIsSigned).toBe(true);
    expect(ctx.allowlist).toBeUndefined();
    expect(ctx.subscribed).toBeUndefined();
    expect([...ctx.catalog]).toEqual(stripeDefinition.events);
  });

  it("has no refill without a rate limit, and the webhook's subscriptions when it names them", () => {
    const ctx = contextFor(settingsFor(stripeDefinition), "stripe", "default");
    expect(ctx.refillPerMs).toBe(0);
    expect([...ctx.subscribed!].sort()).toEqual(["payment_intent.payment_failed", "payment_intent.succeeded"]);
  });

  it("compiles the IP allowlist", () => {
    const ctx = contextFor(settingsFor(stripeDefinition), "stripe", "allowed");
    expect(ctx.allowlist!.matches("10.1.2.3")).toBe(true);
    expect(ctx.allowlist!.matches("127.0.0.1")).toBe(true);
    expect(ctx.allowlist!.matches("8.8.8.8")).toBe(false);
    expect(ctx.allowlist!.matches(undefined)).toBe(false);
  });

  it("treats an empty allowlist as none", () => {
    const def: ProviderDefinition = { ...githubDefinition, webhooks: { default: { ...config(githubDefinition), ipAllowlist: [] } } };
    expect(contextFor(settingsFor(def), "github").allowlist).toBeUndefined();
  });

  it("shares the catalog and extraction of one definition across its webhooks", () => {
    const settings = settingsFor(stripeDefinition);
    const a = contextFor(settings, "stripe", "default");
    const b = contextFor(settings, "stripe", "small");
    expect(a.catalog).toBe(b.catalog);
    expect(a.extraction).toBe(b.extraction);
    expect(a.extraction({}, { type: "charge.refunded", id: "evt_9", created: 2 }, 0)).toEqual({
      type: "charge.refunded",
      baseType: "charge.refunded",
      id: "evt_9",
      timestampMs: 2000,
    });
  });

  it("computes idIsSigned per route", () => {
    expect(contextFor(settingsFor(githubDefinition), "github").idIsSigned).toBe(false);
    expect(contextFor(settingsFor(slackDefinition), "slack").idIsSigned).toBe(true);
    const def = hmacDefinition();
    expect(contextFor(settingsFor(def), "svix").idIsSigned).toBe(true);
  });

  it("throws for a provider or webhook that is not registered", () => {
    const settings = settingsFor([], { registry: new WebhookRegistry() });
    expect(() => resolveRouteContext({ provider: "stripe", webhook: "default", path: "/x" }, settings)).toThrow(/unknown webhook provider "stripe"/);
    const withStripe = settingsFor(stripeDefinition);
    expect(() => resolveRouteContext({ provider: "stripe", webhook: "nope", path: "/x" }, withStripe)).toThrow(/has no webhook "nope"/);
  });
});

describe("defaultVerifierOf", () => {
  it("builds the configured verifier once per definition", () => {
    const v = defaultVerifierOf(githubDefinition);
    expect(v).toBeInstanceOf(GitHubVerifier);
    expect(defaultVerifierOf(githubDefinition)).toBe(v);
    const none: ProviderDefinition = { ...githubDefinition, signature: { scheme: "none" } };
    expect(defaultVerifierOf(none)).toBeInstanceOf(NoneVerifier);
    expect(defaultVerifierOf(none)).not.toBe(v);
  });
});
