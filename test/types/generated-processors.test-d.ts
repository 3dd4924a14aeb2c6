// Type tests of the generated event maps through the public API, as a user writes it.
import { describe, expectTypeOf, test } from "vitest";
import { getWebhookRegistry, type UnknownWebhookEvent, type WebhookEvent } from "smart-api-integrations";
import "../../generated/index.js";
import type { PaymentIntentSucceededEvent } from "../../generated/stripe/index.js";

const registry = getWebhookRegistry();

describe("createProcessor", () => {
  test("unknown provider and webhook names are compile errors", () => {
    // @ts-expect-error not a generated provider
    registry.createProcessor("paypal");
    // @ts-expect-error stripe declares no such webhook
    registry.createProcessor("stripe", "connect");
  });
});

describe("on(name)", () => {
  const stripe = registry.createProcessor("stripe");
  const github = registry.createProcessor("github");

  test("a name outside the provider's catalog is a compile error", () => {
    // @ts-expect-error "payment.succeeded" is not a Stripe event name
    stripe.on("payment.succeeded", () => {});
    // @ts-expect-error "push" is a GitHub event, not a Stripe one
    registry.createProcessor("stripe").on("push", () => {});
    // @ts-expect-error "issue" is neither an event nor a group of GitHub's
    github.on("issue", () => {});
  });

  test("Stripe payloads are typed", () => {
    stripe.on("payment_intent.succeeded", (event) => {
      expectTypeOf(event.payload.data.object.amount).toEqualTypeOf<number>();
      expectTypeOf(event.type).toEqualTypeOf<"payment_intent.succeeded">();
      expectTypeOf(event.payload).toEqualTypeOf<PaymentIntentSucceededEvent>();
      expectTypeOf(event.timestamp).toEqualTypeOf<Date>();
    });
  });

  test("GitHub actions narrow", () => {
    github.on("issues.opened", (event) => {
      expectTypeOf(event.payload.action).toEqualTypeOf<"opened">();
    });
    github.on(["issues.opened", "issues.closed"], (event) => {
      if (event.type === "issues.closed") expectTypeOf(event.payload.action).toEqualTypeOf<"closed">();
    });
  });

  test("an event group receives every action of the event, narrowed by type", () => {
    github.on("issues", (event) => {
      expectTypeOf<"issues.opened">().toExtend<typeof event.type>();
      expectTypeOf<"issues.closed">().toExtend<typeof event.type>();
      expectTypeOf<"push">().not.toExtend<typeof event.type>();
      if (event.type === "issues.opened") expectTypeOf(event.payload.action).toEqualTypeOf<"opened">();
    });
  });

  test("handlers return JSON or nothing", () => {
    stripe.on("invoice.paid", () => ({ status: "processed", count: 1 }));
    stripe.on("invoice.paid", async () => undefined);
    // @ts-expect-error a function is not a JSON response body
    stripe.on("invoice.paid", () => ({ status: () => 1 }));
  });

  test("'*' sees the union of the webhook's events, plus events outside the catalog", () => {
    registry.createProcessor("slack").on("*", (event) => {
      expectTypeOf<"app_mention">().toExtend<typeof event.type>();
      expectTypeOf(event).toExtend<WebhookEvent<unknown, string>>();
      expectTypeOf<UnknownWebhookEvent>().toExtend<typeof event>();
    });
    github.on("*", (event) => {
      // `known` first, then the type: narrows to that event's payload.
      if (event.known && event.type === "issues.opened") expectTypeOf(event.payload.action).toEqualTypeOf<"opened">();
      if (!event.known) expectTypeOf(event.payload).toEqualTypeOf<unknown>();
    });
  });
});
