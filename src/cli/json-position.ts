/**
 * `file.json#/json/pointer` → `file.json:line:col`, so an editor can jump to the spot. The
 * generator and the sampler know the pointer; only the CLI reads files, so it adds the position.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { isMap, isSeq, LineCounter, parseDocument, type Node } from "yaml";

/** 1-based line and column of the value at `pointer` in JSON/YAML `text`, if it is there. */
export function pointerPosition(text: string, pointer: string): { line: number; column: number } | undefined {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, keepSourceTokens: false });
  let node: unknown = doc.contents;
  let keyOffset: number | undefined;
  for (const raw of pointer.split("/").slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (pair === undefined) return undefined;
      keyOffset = (pair.key as Node | null)?.range?.[0];
      node = pair.value;
    } else if (isSeq(node)) {
      node = node.items[Number(key)];
      keyOffset = (node as Node | undefined)?.range?.[0];
    } else {
      return undefined;
    }
  }
  // The key is where a reader looks ("items": [...]); the document root has none.
  const offset = keyOffset ?? (node as Node | undefined)?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = counter.linePos(offset);
  return { line, column: col };
}

/**
 * Rewrites every `path.json#/pointer` in `message` to `path.json:line:col` when the file can be
 * read from `cwd` and holds that pointer; anything else is left as it was.
 */
export function locatePointers(message: string, cwd: string): string {
  return message.replace(/([^\s"'()]+\.(?:json|ya?ml))#(\/[^\s:]*)?/g, (whole, file: string, pointer: string | undefined) => {
    let text: string;
    try {
      text = readFileSync(resolve(cwd, file), "utf8");
    } catch {
      return whole;
    }
    const at = pointerPosition(text, pointer ?? "");
    return at === undefined ? whole : `${file}:${at.line}:${at.column} (${pointer ?? "/"})`;
  });
}
