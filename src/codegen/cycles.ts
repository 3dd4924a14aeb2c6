/**
 * Recursion analysis over a provider's defs: which `$ref`s close a cycle and therefore need
 * `z.lazy` (and only those — a lazy wrapper costs a call per parse on the hot path).
 */
import type { DefResolver } from "./schema.js";
import { collectRefs } from "./schema.js";
import { sortedKeys } from "./text.js";

/** Answers whether a ref from def `from` to def `to` lies on a cycle. */
export interface Recursion {
  /** True when `to` can reach `from` again (same strongly connected component, or a self-ref). */
  isCyclic(from: string, to: string): boolean;
}

/** Builds the {@link Recursion} for `defs` with Tarjan's strongly-connected-components algorithm. */
export function analyseRecursion(defs: Readonly<Record<string, unknown>>, resolver: DefResolver): Recursion {
  const names = sortedKeys(defs);
  const edges = new Map<string, string[]>();
  for (const name of names) {
    const refs = collectRefs(resolver.schema(name), resolver, { file: `#/defs/${name}`, pointer: "" }, new Set());
    edges.set(name, [...refs].sort());
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const component = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  let counter = 0;
  let components = 0;

  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      for (;;) {
        const w = stack.pop()!;
        onStack.delete(w);
        component.set(w, components);
        if (w === v) break;
      }
      components += 1;
    }
  };
  for (const name of names) if (!index.has(name)) visit(name);

  // A ref from a def to its own component is on a cycle: either the component has several
  // members, or the ref itself is the self-loop that makes a singleton component recursive.
  return { isCyclic: (from, to) => component.get(from) !== undefined && component.get(from) === component.get(to) };
}
