/**
 * A short diff for `check`: the first region where two texts differ, a few lines of context,
 * at most `maxLines` lines each side. Linear (common prefix and suffix), because generated
 * files run to tens of thousands of lines and a reader only needs to see where they part.
 */

/** `-`/`+` lines of the differing region of `before` → `after`, with `@@ line N @@` first. */
export function shortDiff(before: string, after: string, maxLines = 6): string[] {
  const a = before.split("\n");
  const b = after.split("\n");
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const clip = (lines: string[], sign: string): string[] => {
    const shown = lines.slice(0, maxLines).map((line) => `${sign} ${line}`);
    if (lines.length > maxLines) shown.push(`${sign} … ${lines.length - maxLines} more line(s)`);
    return shown;
  };
  return [`@@ line ${start + 1} @@`, ...clip(a.slice(start, endA), "-"), ...clip(b.slice(start, endB), "+")];
}
