/**
 * Conformance: the Slack catalog (schemas/slack/events) is the set of inner event types that
 * @slack/types describes (`export interface … { type: '<name>' }` in dist/events/*.d.ts, its
 * `SlackEvent` union), plus the deliveries @slack/types does not model as events:
 *
 * - `url_verification`: the Request URL handshake (a top-level `type`; answered by the runtime).
 * - `block_actions`, `block_suggestion`, `message_action`, `shortcut`, `view_closed`,
 *   `view_submission`: interactivity payloads (a `payload=` form field), modelled by @slack/bolt.
 * - `slash_command`: slash command form fields (no `type` at all).
 *
 * Message subtypes (bot_message, message_changed, …) all carry `type: 'message'` in @slack/types
 * and are therefore one event, `message`; `app_rate_limited` is in @slack/types and in the catalog,
 * but as a top-level delivery rather than an `event_callback`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { SLACK_INTERACTIVITY, slackCatalog, slackTypesEvents } from "../../scripts/build-slack-schemas.js";
import { repoRoot } from "./schema-folder.js";

const EXCEPTIONS = ["slash_command", "url_verification", ...SLACK_INTERACTIVITY].sort();
const catalog = readdirSync(`${repoRoot}schemas/slack/events`).map((f) => f.replace(/\.json$/, "")).sort();

it("equals the event types of @slack/types plus the listed exceptions", () => {
  expect(catalog).toEqual(slackCatalog());
  expect(catalog.filter((e) => !EXCEPTIONS.includes(e))).toEqual(slackTypesEvents());
  expect(EXCEPTIONS.every((e) => catalog.includes(e) && !slackTypesEvents().includes(e))).toBe(true);
});

it("reads the same names as @slack/types' SlackEvent union (interface by interface)", () => {
  const index = readFileSync(`${repoRoot}node_modules/@slack/types/dist/events/index.d.ts`, "utf8");
  const union = /export type SlackEvent = ([^;]+);/.exec(index)![1]!.split("|").map((s) => s.trim());
  // Every member of the union is an interface whose `type` literal is in the catalog (two members are unions themselves).
  const text = readdirSync(`${repoRoot}node_modules/@slack/types/dist/events`)
    .filter((f) => f.endsWith(".d.ts"))
    .map((f) => readFileSync(`${repoRoot}node_modules/@slack/types/dist/events/${f}`, "utf8"))
    .join("\n");
  for (const name of union.filter((n) => !n.startsWith("All"))) {
    const m = new RegExp(`export interface ${name} (?:extends [^{]*)?\\{\\n(?:\\s*\\n| {4}.*\\n)*? {4}type: '([a-z_]+)';`).exec(text);
    expect(m?.[1] !== undefined && catalog.includes(m[1]), name).toBe(true);
  }
  expect(union.length).toBeGreaterThan(80);
});

it("has 98 events", () => {
  expect(catalog).toHaveLength(98);
});
