/**
 * A tiny deterministic printer of plain data as a TS object literal (for provider.ts).
 * Object keys are sorted, `undefined` members are omitted (exactOptionalPropertyTypes), arrays
 * keep their order (it is the input's), and short flat values stay on one line.
 */
import { CodegenError } from "./errors.js";
import { sortedKeys, stringLiteral, valueKey } from "./text.js";

/** A raw expression to print verbatim, e.g. an identifier such as `stripeValidators`. */
export class Code {
  constructor(readonly text: string) {}
}

const LINE_WIDTH = 100;

/** Prints `value` as a literal for a position indented by `indent`. */
export function printValue(value: unknown, indent = ""): string {
  if (value instanceof Code) return value.text;
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new CodegenError(`cannot print non-finite number ${value}`);
    return Object.is(value, -0) ? "0" : String(value);
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = value.map((v) => printValue(v, inner));
    const flat = `[${items.join(", ")}]`;
    if (items.every((i) => !i.includes("\n")) && indent.length + flat.length <= LINE_WIDTH) return flat;
    return `[\n${items.map((i) => `${inner}${i},`).join("\n")}\n${indent}]`;
  }
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>;
    const entries = sortedKeys(record)
      .filter((k) => record[k] !== undefined)
      .map((k) => `${valueKey(k)}: ${printValue(record[k], inner)}`);
    if (entries.length === 0) return "{}";
    const flat = `{ ${entries.join(", ")} }`;
    // Objects nested in objects go on their own lines; flat arrays of primitives may stay inline.
    const nested = Object.values(record).some(
      (v) => typeof v === "object" && v !== null && !(v instanceof Code) && (!Array.isArray(v) || v.some((i) => typeof i === "object" && i !== null)),
    );
    if (!nested && indent.length + flat.length <= LINE_WIDTH) return flat;
    return `{\n${entries.map((e) => `${inner}${e},`).join("\n")}\n${indent}}`;
  }
  throw new CodegenError(`cannot print ${typeof value} value in a provider definition`);
}
