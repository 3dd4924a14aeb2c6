/**
 * The `--handlers` module test/e2e/dead-letters-redis.test.ts hands to
 * `smart-api-integrations dead-letters replay`: what a user's module does (register the provider,
 * as the generated index would, and a handler). The handler appends the event id to
 * $REPLAY_MARK_FILE, so the test can count how often it ran.
 */
import { appendFileSync } from "node:fs";
import { getWebhookRegistry } from "../../../src/runtime/registry.js";
import { stripeDefinition } from "../../fixtures/definitions.js";

const mark = process.env["REPLAY_MARK_FILE"];
if (mark === undefined) throw new Error("REPLAY_MARK_FILE is not set");

getWebhookRegistry()
  .register(stripeDefinition)
  .processorFor("stripe", "default")
  .on("payment_intent.succeeded", (event) => {
    appendFileSync(mark, `${event.id}\n`);
    return { replayed: event.id };
  });
