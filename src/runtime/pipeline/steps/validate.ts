/**
 * Validate: the payload against the catalog's schema, in the webhook's mode. An invalid payload
 * is never dispatched; settle keeps it as a dead letter.
 */
import { validatePayload } from "../../validation.js";
import type { Delivery } from "../delivery.js";
import type { PipelineSettings } from "../options.js";
import type { Outcome } from "../outcomes.js";

/** Builds the validate step. */
export function createValidate(settings: PipelineSettings) {
  const { log } = settings;
  return function validate(d: Delivery): Outcome | undefined {
    const { def, config, where } = d.ctx;
    const event = d.event!;
    const issues = validatePayload(def, config.validation, event.type, event.payload);
    if (issues === undefined) return undefined;
    d.issues = issues;
    if (log.debugEnabled) log.debug("invalid payload: dead-lettered", { ...where, type: event.type, id: event.id, issues: issues.length });
    return "invalid_payload";
  };
}
