/**
 * `smart-api-integrations/testing`: helpers for the user's own tests. Never imported by the
 * runtime, so none of it reaches production bundles unless a test pulls it in.
 */
export { signDelivery, signedDelivery, type SignDeliveryOptions, type SignedDelivery } from "./sign.js";
export type { SignatureConfig } from "../runtime/types.js";
export {
  DELIVERY_VARIANTS,
  deliveryVariants,
  eventHeaders,
  variantsOfBody,
  type DeliveryVariant,
  type DeliveryVariantOptions,
  type ExpectedAnswer,
  type TestDelivery,
  type VariantDeliveries,
} from "./variants.js";
