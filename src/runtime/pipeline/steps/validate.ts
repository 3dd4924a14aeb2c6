/**
 * Validate: the payload against the catalog's schema, in the webhook's mode. `strict` refuses a
 * payload that departs from its schema (settle keeps it as a dead letter); `lenient` dispatches
 * it with `event.drift` and reports each distinct drift once (warn log, `onDrift` hooks), so an
 * authentic delivery is never lost to a schema that lags behind the provider; `off` checks nothing.
 */
import { pathText, toDrift } from "../../drift.js";
import { errorMessage } from "../../errors.js";
import { BoundedMap } from "../../stores/bounded-map.js";
import { validatePayload } from "../../validation.js";
import type { Delivery } from "../delivery.js";
import type { PipelineSettings } from "../options.js";
import type { Outcome } from "../outcomes.js";

/** How many distinct drifts a pipeline remembers having reported. */
const MAX_REPORTED = 10_000;

/** Builds the validate step. */
export function createValidate(settings: PipelineSettings) {
  const { log } = settings;
  const reported = new BoundedMap<string, true>(MAX_REPORTED);

  function reportDrift(d: Delivery): void {
    const event = d.event!;
    const { where, processor } = d.ctx;
    for (const issue of event.drift) {
      const path = pathText(issue.path);
      const key = `${where.provider}\0${where.webhook}\0${event.type}\0${path}\0${issue.kind}`;
      if (reported.get(key) !== undefined) continue;
      reported.insert(key, true);
      log.warn(`schema drift in ${event.type} at ${path} (${issue.kind}): ${issue.message}; dispatched anyway (validation: lenient)`, {
        ...where,
        type: event.type,
        id: event.id,
      });
      processor.reportDrift({ ...where, type: event.type, id: event.id, ...issue }, (error) =>
        log.error(`drift hook failed: ${errorMessage(error)}`, { ...where, id: event.id }),
      );
    }
  }

  return function validate(d: Delivery): Outcome | undefined {
    const { def, config, where } = d.ctx;
    const event = d.event!;
    const issues = validatePayload(def, config.validation, event.type, event.payload);
    if (issues === undefined) return undefined;
    if (config.validation === "lenient") {
      event.drift = toDrift(issues);
      reportDrift(d);
      return undefined;
    }
    d.issues = issues;
    if (log.debugEnabled) log.debug("invalid payload: dead-lettered", { ...where, type: event.type, id: event.id, issues: issues.length });
    return "invalid_payload";
  };
}
