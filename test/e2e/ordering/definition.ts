/**
 * The fixture Stripe definition with the built-in spec's object extraction
 * (`object_id: { body: [data.object.id] }`, timed by the event's `created`) and the default
 * webhook set to `ordering: per_object`; validation off, since the deliveries are minimal.
 */
import type { ProviderDefinition } from "../../../src/runtime/types.js";
import { stripeDefinition } from "../../fixtures/definitions.js";

/** Stripe, ordered per object on its default webhook. */
export const orderedStripeDefinition: ProviderDefinition = {
  ...stripeDefinition,
  event: { ...stripeDefinition.event, objectId: { body: ["data.object.id"] } },
  webhooks: {
    ...stripeDefinition.webhooks,
    default: { ...stripeDefinition.webhooks.default!, validation: "off", ordering: "per_object" },
  },
};
