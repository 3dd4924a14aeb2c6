/**
 * "Did you mean …?" suggestions for unknown keys and event names.
 */

/** Optimal-string-alignment (restricted Damerau–Levenshtein) distance: edits incl. adjacent swaps. */
export function editDistance(a: string, b: string): number {
  // Two rolling rows plus the one before them are enough for the transposition case.
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      }
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

const tokens = (s: string): string[] => s.toLowerCase().split(/[._\-\s/]+/).filter((t) => t !== "");

/** Whether two tokens look like the same word: equal, one a prefix of the other, or a typo apart. */
function tokenMatches(q: string, c: string): boolean {
  if (q === c) return true;
  if (Math.min(q.length, c.length) >= 3 && (c.startsWith(q) || q.startsWith(c))) return true;
  return editDistance(q, c) <= Math.floor(Math.max(q.length, c.length) / 4);
}

/**
 * The candidate closest to `input`, or `undefined` when none is plausibly meant.
 *
 * Plain edit distance picks badly among event names (`payment.succeeded` is as far from
 * `charge.succeeded` as from `payment_intent.succeeded`), so candidates are ranked first by the
 * share of the input's words (split on `.`, `_`, `-`) they contain, then by edit distance, then
 * alphabetically for a stable answer. A candidate qualifies when it contains at least half of
 * the input's words or is within a third of its length in edits.
 */
export function suggest(input: string, candidates: Iterable<string>): string | undefined {
  const q = tokens(input);
  let best: { name: string; share: number; dist: number } | undefined;
  for (const name of candidates) {
    if (name === input) continue;
    const c = tokens(name);
    const hits = q.filter((t) => c.some((u) => tokenMatches(t, u))).length;
    const share = q.length === 0 ? 0 : hits / q.length;
    const dist = editDistance(input.toLowerCase(), name.toLowerCase());
    const plausible = share >= 0.5 || dist <= Math.max(1, Math.floor(input.length / 3));
    if (!plausible) continue;
    if (
      best === undefined ||
      share > best.share ||
      (share === best.share && (dist < best.dist || (dist === best.dist && name < best.name)))
    ) {
      best = { name, share, dist };
    }
  }
  return best?.name;
}

/** ` — did you mean "x"?` or the empty string. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const s = suggest(input, candidates);
  return s === undefined ? "" : ` — did you mean "${s}"?`;
}
