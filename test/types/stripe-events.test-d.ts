// Type tests: our generated Stripe payload types against stripe-node's own event types
// (`Stripe.<Name>Event`, stripe-node as pinned in package.json).
//
// Full mutual assignability does NOT hold, for reasons that are choices of the schemas (see
// schemas/stripe/README.md), not mistakes:
//  1. Expandable fields. stripe-node types `customer` as `string | Stripe.Customer | …` because an
//     API call may `expand[]` it; webhook payloads carry the id, so ours is `string` (plus an open
//     `ExpandedObject` where Stripe's fixture shows an expanded object). Stripe's type is wider.
//  2. Nested objects that Stripe's fixture does not show are open (`{ [key: string]: unknown }`) to
//     keep the catalog small. stripe-node's nested interfaces are not assignable to an index
//     signature (TypeScript gives interfaces no implicit one), and an open object is not assignable
//     to stripe-node's precise nested interface.
//  3. Status fields (`status`, and `mode` / `payment_status` of Checkout sessions) are closed enums
//     in ours so handlers can narrow; stripe-node keeps some open (`… | OtherString`).
//  4. `required` is "non-optional in stripe-node AND present in Stripe's fixture": the few
//     documented-always-present properties missing from the fixture are optional in ours.
//  5. Properties Stripe still sends but stripe-node 23 no longer types (`Invoice.subscription`) exist
//     only in ours.
//
// What is asserted instead, per event — the strongest relation that holds:
//  - envelope: everything but `data` is mutually assignable (id, object "event", api_version,
//    created, livemode, pending_webhooks, request, type literal, account?, context?);
//  - keys: every property stripe-node documents on the resource is in ours (`deleted?: void`
//    markers aside);
//  - scalars: every property whose stripe-node type is scalar (string, number, boolean, null,
//    literal unions), status fields aside, has the same value type in both (mutually assignable
//    up to optionality), and stripe-node's are assignable to ours including optionality (ours may
//    be optional where stripe-node's is required: 4. above, e.g. Dispute.intended_submission_method);
//  - statuses: our closed status enums are assignable to stripe-node's;
//  - expandable: stripe-node's expandable fields restricted to what a webhook carries (the id
//    string or null) are assignable to ours;
//  - and, to pin the gap, neither whole type is assignable to the other (PaymentIntent).
import type Stripe from "stripe";
import { describe, expectTypeOf, test } from "vitest";
import type * as G from "../../generated/stripe/index.js";

type Scalar = string | number | boolean | null | undefined;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Extends<A, B> = [A] extends [B] ? true : false;
type ObjectOf<E extends { data: { object: unknown } }> = E["data"]["object"];

/** Keys whose stripe-node type is scalar. */
type ScalarKeys<S> = { [K in keyof S]-?: [Exclude<S[K], undefined>] extends [Scalar] ? K : never }[keyof S];
/** Keys that are an id string or an expanded object (stripe-node's expandable fields). */
type ExpandableKeys<S> = {
  [K in keyof S]-?: [Exclude<S[K], undefined>] extends [Scalar]
    ? never
    : string extends Extract<S[K], string>
      ? [Exclude<S[K], Scalar>] extends [never]
        ? never
        : K
      : never;
}[keyof S];
type StatusKeys = "status" | "mode" | "payment_status";

/** The relation between our event type `O` and stripe-node's `S`; every field should be `true`/`never`. */
type Relation<O extends { data: { object: unknown } }, S extends { data: { object: unknown } }> = {
  envelope: Same<Omit<O, "data">, Omit<S, "data">>;
  missingKeys: Exclude<keyof ObjectOf<S>, keyof ObjectOf<O> | "deleted">;
  scalars: Same<
    Required<Pick<ObjectOf<S>, Exclude<ScalarKeys<ObjectOf<S>>, StatusKeys> & keyof ObjectOf<O>>>,
    Required<Pick<ObjectOf<O>, Exclude<ScalarKeys<ObjectOf<S>>, StatusKeys> & keyof ObjectOf<O>>>
  >;
  scalarsFromStripe: Extends<
    Pick<ObjectOf<S>, Exclude<ScalarKeys<ObjectOf<S>>, StatusKeys> & keyof ObjectOf<O>>,
    Pick<ObjectOf<O>, Exclude<ScalarKeys<ObjectOf<S>>, StatusKeys> & keyof ObjectOf<O>>
  >;
  statuses: Extends<
    Pick<ObjectOf<O>, StatusKeys & ScalarKeys<ObjectOf<S>> & keyof ObjectOf<O>>,
    Pick<ObjectOf<S>, StatusKeys & ScalarKeys<ObjectOf<S>> & keyof ObjectOf<O>>
  >;
  expandable: Extends<
    { [K in ExpandableKeys<ObjectOf<S>> & keyof ObjectOf<O>]: Extract<ObjectOf<S>[K], string | null> },
    { [K in ExpandableKeys<ObjectOf<S>> & keyof ObjectOf<O>]: ObjectOf<O>[K] }
  >;
};
type Holds = { envelope: true; missingKeys: never; scalars: true; scalarsFromStripe: true; statuses: true; expandable: true };

describe("generated Stripe payloads vs stripe-node's Stripe.<Name>Event", () => {
  test("payment_intent.*", () => {
    expectTypeOf<Relation<G.PaymentIntentSucceededEvent, Stripe.PaymentIntentSucceededEvent>>().toEqualTypeOf<Holds>();
    expectTypeOf<Relation<G.PaymentIntentPaymentFailedEvent, Stripe.PaymentIntentPaymentFailedEvent>>().toEqualTypeOf<Holds>();
    expectTypeOf<Relation<G.PaymentIntentCanceledEvent, Stripe.PaymentIntentCanceledEvent>>().toEqualTypeOf<Holds>();
    expectTypeOf<Relation<G.PaymentIntentRequiresActionEvent, Stripe.PaymentIntentRequiresActionEvent>>().toEqualTypeOf<Holds>();
    // Same resource, same def: every payment_intent.* event carries our one PaymentIntent.
    expectTypeOf<ObjectOf<G.PaymentIntentCanceledEvent>>().toEqualTypeOf<G.PaymentIntent>();
    expectTypeOf<G.PaymentIntentSucceededEvent["type"]>().toEqualTypeOf<Stripe.PaymentIntentSucceededEvent["type"]>();
  });

  test("charge.*", () => {
    expectTypeOf<Relation<G.ChargeSucceededEvent, Stripe.ChargeSucceededEvent>>().toEqualTypeOf<Holds>();
    expectTypeOf<Relation<G.ChargeFailedEvent, Stripe.ChargeFailedEvent>>().toEqualTypeOf<Holds>();
    expectTypeOf<Relation<G.ChargeRefundedEvent, Stripe.ChargeRefundedEvent>>().toEqualTypeOf<Holds>();
    expectTypeOf<Relation<G.ChargeCapturedEvent, Stripe.ChargeCapturedEvent>>().toEqualTypeOf<Holds>();
    // charge.dispute.* carries a Dispute, charge.refund.updated a Refund — as in stripe-node.
    expectTypeOf<Relation<G.ChargeDisputeCreatedEvent, Stripe.ChargeDisputeCreatedEvent>>().toEqualTypeOf<Holds>();
    expectTypeOf<ObjectOf<G.ChargeRefundUpdatedEvent>>().toEqualTypeOf<G.Refund>();
  });

  test("checkout.session.*", () => {
    expectTypeOf<Relation<G.CheckoutSessionCompletedEvent, Stripe.CheckoutSessionCompletedEvent>>().toEqualTypeOf<Holds>();
    expectTypeOf<Relation<G.CheckoutSessionExpiredEvent, Stripe.CheckoutSessionExpiredEvent>>().toEqualTypeOf<Holds>();
    expectTypeOf<
      Relation<G.CheckoutSessionAsyncPaymentFailedEvent, Stripe.CheckoutSessionAsyncPaymentFailedEvent>
    >().toEqualTypeOf<Holds>();
  });

  test("customer.subscription.*", () => {
    expectTypeOf<Relation<G.CustomerSubscriptionCreatedEvent, Stripe.CustomerSubscriptionCreatedEvent>>().toEqualTypeOf<Holds>();
    expectTypeOf<Relation<G.CustomerSubscriptionUpdatedEvent, Stripe.CustomerSubscriptionUpdatedEvent>>().toEqualTypeOf<Holds>();
    expectTypeOf<Relation<G.CustomerSubscriptionDeletedEvent, Stripe.CustomerSubscriptionDeletedEvent>>().toEqualTypeOf<Holds>();
    expectTypeOf<
      Relation<G.CustomerSubscriptionTrialWillEndEvent, Stripe.CustomerSubscriptionTrialWillEndEvent>
    >().toEqualTypeOf<Holds>();
    expectTypeOf<ObjectOf<G.CustomerSubscriptionPausedEvent>>().toEqualTypeOf<G.Subscription>();
  });

  test("invoice.*", () => {
    expectTypeOf<Relation<G.InvoicePaidEvent, Stripe.InvoicePaidEvent>>().toEqualTypeOf<Holds>();
    expectTypeOf<Relation<G.InvoicePaymentFailedEvent, Stripe.InvoicePaymentFailedEvent>>().toEqualTypeOf<Holds>();
    expectTypeOf<Relation<G.InvoiceFinalizedEvent, Stripe.InvoiceFinalizedEvent>>().toEqualTypeOf<Holds>();
    expectTypeOf<Relation<G.InvoiceUpcomingEvent, Stripe.InvoiceUpcomingEvent>>().toEqualTypeOf<Holds>();
  });

  test("the documented gap: neither whole payload type is assignable to the other", () => {
    // 1./2. above: stripe-node's expandable fields and nested interfaces vs our ids and open objects.
    expectTypeOf<ObjectOf<Stripe.PaymentIntentSucceededEvent>>().not.toExtend<ObjectOf<G.PaymentIntentSucceededEvent>>();
    // 2./4. above: our open nested objects and fixture-optional properties vs stripe-node's.
    expectTypeOf<ObjectOf<G.PaymentIntentSucceededEvent>>().not.toExtend<ObjectOf<Stripe.PaymentIntentSucceededEvent>>();
  });
});
