import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ProviderSpec } from "../manifest/types.js";
import { fixtureSpecs } from "./__fixtures__/specs.js";
import { templates } from "./__fixtures__/templates.js";
import { generate } from "./generate.js";

/** The record with its keys in the order of `order` (a permutation of indices). */
function reorder<T>(record: Readonly<Record<string, T>>, order: readonly number[]): Record<string, T> {
  const entries = Object.entries(record);
  return Object.fromEntries(order.filter((i) => i < entries.length).map((i) => entries[i]!));
}

function shuffleSpec(spec: ProviderSpec, order: readonly number[]): ProviderSpec {
  return {
    ...spec,
    schemas: {
      ...spec.schemas,
      events: reorder(spec.schemas.events, order),
      defs: reorder(spec.schemas.defs, [...order].reverse()),
      sources: reorder(spec.schemas.sources, order),
    },
    webhooks: reorder(spec.webhooks, [...order].reverse()),
    signature: reorder(spec.signature as Record<string, unknown>, order) as unknown as ProviderSpec["signature"],
  };
}

describe("determinism", () => {
  const expected = generate(fixtureSpecs, { templates });

  it("is byte-identical across runs", () => {
    expect(generate(fixtureSpecs, { templates })).toEqual(expected);
  });

  it("is byte-identical across input order of specs, defs, events and webhooks", () => {
    const size = 8;
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...Array(size).keys()], { minLength: size, maxLength: size }),
        fc.boolean(),
        (order, reverseSpecs) => {
          const specs = fixtureSpecs.map((s) => shuffleSpec(s, order));
          if (reverseSpecs) specs.reverse();
          expect(generate(specs, { templates })).toEqual(expected);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("returns files sorted by path", () => {
    const paths = expected.map((f) => f.path);
    expect(paths).toEqual([...paths].sort());
  });
});
