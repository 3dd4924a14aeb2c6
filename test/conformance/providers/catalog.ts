/**
 * Checks of a built-in provider's catalog (schemas/<name>/) against its documented payloads.
 * Kept out of ../schema-folder.ts, which scripts import without vitest.
 */
import { expect } from "vitest";
import type { CompiledFolder } from "../schema-folder.js";

/** A documented payload: the event whose schema it must match, the payload, and a label for failures (default the event). */
export type Example = readonly [event: string, payload: unknown, label?: string];

/**
 * Every example validates against its event's schema as written (`lenient`, the failure message
 * listing Ajv's errors) and with unknown keys forbidden at every object that does not say
 * (`strict`, compileFolder's `{ strict: true }`).
 */
export function expectExamplesValidate(lenient: CompiledFolder, strict: CompiledFolder, examples: Iterable<Example>): void {
  for (const [event, payload, label = event] of examples) {
    const validate = lenient.validator(event);
    expect(validate(payload), `${label}: ${JSON.stringify(validate.errors)}`).toBe(true);
    expect(strict.validator(event)(payload), label).toBe(true);
  }
}
