/**
 * The `signed_content` template of the generic schemes, compiled once: literals and slots, filled
 * per delivery into the parts the MAC or signature covers (the body stays bytes, never a string).
 */

/** What a template can name. */
export type Slot = "body" | "timestamp" | "id" | "url" | "method" | "params";

/**
 * One compiled piece of a template: literal text, a slot, or `{body.<path>}`, the text of a field
 * of the JSON body (Mailgun signs `signature.timestamp` and `signature.token`, not the body).
 */
export type Piece = { readonly literal: string } | { readonly slot: Slot } | { readonly field: string; readonly keys: readonly string[] };

/** The values a delivery fills the slots with; slots the template does not use may be absent. */
export interface SlotValues {
  readonly body: Uint8Array;
  readonly timestamp?: string | undefined;
  readonly id?: string | undefined;
  readonly url?: string | undefined;
  readonly method?: string | undefined;
  readonly params?: string | undefined;
  /** The text of each `{body.<path>}` field, by path. */
  readonly fields?: ReadonlyMap<string, string> | undefined;
}

const SLOT = /\{(body|timestamp|id|url|method|params)\}|\{body\.([^{}\s]+)\}/g;

/** Splits `{timestamp}.{body}` into literals and slots. Unknown `{…}` text stays literal. */
export function compileTemplate(template: string): readonly Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const m of template.matchAll(SLOT)) {
    if (m.index > last) pieces.push({ literal: template.slice(last, m.index) });
    pieces.push(m[1] !== undefined ? { slot: m[1] as Slot } : { field: m[2]!, keys: m[2]!.split(".") });
    last = m.index + m[0].length;
  }
  if (last < template.length) pieces.push({ literal: template.slice(last) });
  return pieces;
}

/** The slots `pieces` use. */
export function slotsOf(pieces: readonly Piece[]): ReadonlySet<Slot> {
  const out = new Set<Slot>();
  for (const p of pieces) if ("slot" in p) out.add(p.slot);
  return out;
}

/** The `{body.<path>}` fields `pieces` use, each once, in order of first use. */
export function fieldsOf(pieces: readonly Piece[]): readonly { readonly field: string; readonly keys: readonly string[] }[] {
  const seen = new Map<string, { readonly field: string; readonly keys: readonly string[] }>();
  for (const p of pieces) if ("field" in p && !seen.has(p.field)) seen.set(p.field, p);
  return [...seen.values()];
}

/** The parts to sign, in order; throws when a used slot has no value (a caller's bug). */
export function fillTemplate(pieces: readonly Piece[], values: SlotValues): (string | Uint8Array)[] {
  const parts = new Array<string | Uint8Array>(pieces.length);
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i]!;
    if ("literal" in p) parts[i] = p.literal;
    else if ("field" in p) {
      const v = values.fields?.get(p.field);
      if (v === undefined) throw new Error(`signed content needs {body.${p.field}}, which this delivery lacks`);
      parts[i] = v;
    } else {
      const v = values[p.slot];
      if (v === undefined) throw new Error(`signed content needs {${p.slot}}, which this delivery lacks`);
      parts[i] = v;
    }
  }
  return parts;
}

/**
 * Form parameters as Twilio signs them: names sorted, each name immediately followed by its value;
 * a repeated name contributes each distinct value once, values sorted. No separators.
 */
export function sortedFormParams(body: Uint8Array): string {
  const byName = new Map<string, Set<string>>();
  for (const [k, v] of new URLSearchParams(new TextDecoder().decode(body))) {
    let values = byName.get(k);
    if (values === undefined) byName.set(k, (values = new Set()));
    values.add(v);
  }
  let out = "";
  // Default sort: UTF-16 code units, as Twilio's `Object.keys(params).sort()`.
  for (const k of [...byName.keys()].sort()) for (const v of [...byName.get(k)!].sort()) out += k + v;
  return out;
}
