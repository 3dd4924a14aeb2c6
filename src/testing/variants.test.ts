// Each variant, sent through the real pipeline with the generated definitions: the valid one is
// processed, the others are refused the way the issue promises users they will see.
import { describe, expect, it } from "vitest";
import { githubProvider } from "../../generated/github/index.js";
import { slackProvider } from "../../generated/slack/index.js";
import { stripeProvider, type StripeEvents } from "../../generated/stripe/index.js";
import { createWebhookHandler } from "../runtime/pipeline.js";
import { WebhookRegistry } from "../runtime/registry.js";
import type { ProviderDefinition, WebhookResponse } from "../runtime/types.js";
import { deliveryVariants, type TestDelivery, variantsOfBody } from "./variants.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const SECRET = "whsec_variants_test";

function pipeline(def: ProviderDefinition) {
  const registry = new WebhookRegistry().register(def);
  const webhook = def.webhooks["default"]!;
  registry.processorFor(def.name, "default").use(() => undefined);
  const handler = createWebhookHandler([{ provider: def.name, webhook: "default", path: webhook.path }], {
    registry,
    env: { [webhook.secretEnv!]: SECRET },
    logger: silent,
  });
  return async (delivery: TestDelivery): Promise<WebhookResponse> => {
    const response = await handler({
      method: "POST",
      path: webhook.path,
      headers: delivery.headers,
      remoteAddress: "127.0.0.1",
      readBody: () => Promise.resolve(new TextEncoder().encode(delivery.body)),
    });
    return response!;
  };
}

async function sendAll(send: (d: TestDelivery) => Promise<WebhookResponse>, deliveries: readonly TestDelivery[]) {
  let last: WebhookResponse | undefined;
  for (const d of deliveries) last = await send(d);
  return last!;
}

describe("deliveryVariants (typed by the generated event map)", () => {
  it("stripe: valid is processed; tampered, stale and rotated are 401; the duplicate is not run twice", async () => {
    const send = pipeline(stripeProvider);
    const now = Math.floor(Date.now() / 1000);
    const payload = { id: "evt_variant_1", object: "event", type: "invoice.paid", created: now, data: { object: {} } } as unknown as StripeEvents["invoice.paid"];
    const v = deliveryVariants<StripeEvents>()(stripeProvider, "invoice.paid", payload, { secret: SECRET, timestamp: now });
    expect((await sendAll(send, v.valid.deliveries)).status).toBe(200);
    for (const name of ["tampered", "stale", "rotated"] as const) {
      expect(v[name].expect).toBe("invalid_signature");
      expect((await sendAll(send, v[name].deliveries)).status, name).toBe(401);
    }
    const again = { ...payload, id: "evt_variant_2" };
    const dup = deliveryVariants<StripeEvents>()(stripeProvider, "invoice.paid", again, { secret: SECRET }).duplicate;
    expect(dup.deliveries).toHaveLength(2);
    const answer = await sendAll(send, dup.deliveries);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain("duplicate");
  });

  it("github: the tampered body and the rotated secret are refused; stale cannot be told (no signed timestamp)", async () => {
    const send = pipeline(githubProvider);
    const v = variantsOfBody(githubProvider, "issues.opened", JSON.stringify({ action: "opened", issue: { number: 1 } }), { secret: SECRET });
    expect(v.valid.deliveries[0]!.headers["x-github-event"]).toBe("issues");
    expect((await sendAll(send, v.tampered.deliveries)).status).toBe(401);
    expect((await sendAll(send, v.rotated.deliveries)).status).toBe(401);
    expect(v.stale.expect).toBe("accepted");
    expect(v.stale.description).toContain("only dedupe");
  });

  it("slack: stale is outside the signed timestamp's tolerance", async () => {
    const send = pipeline(slackProvider);
    const v = variantsOfBody(slackProvider, "app_mention", JSON.stringify({ type: "event_callback", event_id: "Ev1", event: { type: "app_mention" } }), { secret: SECRET });
    expect((await sendAll(send, v.stale.deliveries)).status).toBe(401);
    expect((await sendAll(send, v.tampered.deliveries)).status).toBe(401);
  });
});
