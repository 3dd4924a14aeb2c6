import { describe, expect, it } from "vitest";
import { z } from "zod";
import { driftKind } from "./drift.js";
import type { ProviderDefinition } from "./types.js";
import { validatePayload } from "./validation.js";
import { githubDefinition } from "../../test/fixtures/definitions.js";

const schema = z.object({
  issue: z.object({
    active_lock_reason: z.enum(["resolved", "off-topic"]).nullable(),
    author: z.union([z.object({ login: z.string() }), z.object({ slug: z.string(), id: z.number() })]),
  }),
});
const def: ProviderDefinition = { ...githubDefinition, validators: () => () => ({ safeParse: (d) => schema.safeParse(d) }) };
const issues = (payload: unknown) => validatePayload(def, "strict", "issues.opened", payload) ?? [];

describe("validatePayload issues", () => {
  it("names a missing field as missing, not as an invalid option", () => {
    const found = issues({ issue: { author: { login: "octocat" } } });
    expect(found).toEqual([{ path: ["issue", "active_lock_reason"], message: "required field is missing", code: "missing" }]);
    expect(driftKind(found[0]!)).toBe("missing");
  });

  it("describes a union that matched nothing by its closest branch, with a full path", () => {
    const found = issues({ issue: { active_lock_reason: null, author: { login: 42 } } });
    expect(found.map((i) => i.path)).toEqual([["issue", "author", "login"]]);
    expect(found[0]!.message).toMatch(/expected string/);
    expect(found.every((i) => i.path.length > 0)).toBe(true);
  });

  it("keeps a wrong value a type or enum issue", () => {
    expect(issues({ issue: { active_lock_reason: "spam", author: { login: "a" } } }).map(driftKind)).toEqual(["enum"]);
    expect(issues({ issue: { active_lock_reason: null, author: "a" } })[0]!.path).toEqual(["issue", "author"]);
  });
});

describe("unknown keys (strict)", () => {
  it("are one issue per key, each at its own path", () => {
    const strict = z.strictObject({ a: z.strictObject({ b: z.number() }) });
    const d: ProviderDefinition = { ...githubDefinition, validators: () => () => ({ safeParse: (x) => strict.safeParse(x) }) };
    const found = validatePayload(d, "strict", "push", { a: { b: 1, c: 2, e: 3 }, x: 1 }) ?? [];
    expect(found.map((i) => [i.path.join("."), i.message])).toEqual([
      ["a.c", 'unknown key "c"'],
      ["a.e", 'unknown key "e"'],
      ["x", 'unknown key "x"'],
    ]);
  });
});
