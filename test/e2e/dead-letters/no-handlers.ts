/**
 * A `--handlers` module that registers the provider (as the generated index does) but no handler
 * for its events: a replay through it finds nothing to run and keeps the entry.
 */
import { getWebhookRegistry } from "../../../src/runtime/registry.js";
import { stripeDefinition } from "../../fixtures/definitions.js";

getWebhookRegistry().register(stripeDefinition);
