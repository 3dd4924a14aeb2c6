/**
 * Writes schemas/slack/ (docs/CONTRACTS.md folder format): the Events API `event_callback`
 * envelope around every inner event type @slack/types describes (read from its .d.ts files, so
 * the catalog follows the installed @slack/types), with hand-written inner schemas for `message`,
 * `app_mention`, `reaction_added` and open ones (`type` const, `event_ts`) for the rest; plus
 * the top-level `app_rate_limited` and `url_verification`, the interactivity payloads
 * (block_actions, block_suggestion, message_action, shortcut, view_closed, view_submission) and
 * `slash_command`.
 *
 *   npx tsx scripts/build-slack-schemas.ts [--check]
 *
 * Hand-written from Slack's public documentation (https://docs.slack.dev/apis/events-api/,
 * https://docs.slack.dev/reference/events/message, …/app_mention, …/reaction_added); this file is
 * the source, the JSON files are its deterministic output (sorted keys, 2-space, "\n").
 *
 * Choices: envelope and event fields Slack documents are listed; Block Kit blocks, attachments,
 * files and nested message objects (message_changed) are open objects (`additionalProperties:
 * true`) because their shapes are large and open-ended. Slack adds fields to events without
 * notice, so prefer `validation: lenient` for Slack.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { syncSchemaFolder } from "./lib/sync-schema-folder.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

const str = (description?: string): Schema => (description ? { description, type: "string" } : { type: "string" });
const open = (description: string): Schema => ({ additionalProperties: true, description, type: "object" });
const ts = (description: string): Schema => ({ description, pattern: "^[0-9]+\\.[0-9]+$", type: "string" });

const defs: Record<string, Schema> = {
  Authorization: {
    description: "One installation of the app that can see the event (truncated to one element since 2021).",
    properties: {
      enterprise_id: { type: ["string", "null"] },
      is_bot: { type: "boolean" },
      is_enterprise_install: { type: "boolean" },
      team_id: { type: ["string", "null"] },
      user_id: str(),
    },
    required: ["enterprise_id", "is_bot", "team_id", "user_id"],
    type: "object",
  },
  SlackBlock: open("A Block Kit block (https://docs.slack.dev/reference/block-kit/blocks); shapes vary by `type`."),
  SlackAttachment: open("A legacy secondary attachment (https://docs.slack.dev/messaging/formatting-message-text)."),
  SlackFile: open("A file object (https://docs.slack.dev/reference/objects/file-object)."),
  BotProfile: {
    properties: {
      app_id: str(),
      deleted: { type: "boolean" },
      icons: open("Icon URLs by size."),
      id: str(),
      name: str(),
      team_id: str(),
      updated: { type: "integer" },
    },
    required: ["id", "name"],
    type: "object",
  },
  Edited: {
    description: "Present when the message was edited.",
    properties: { ts: ts("Timestamp of the edit."), user: str("User who edited the message.") },
    required: ["ts", "user"],
    type: "object",
  },
};

/** Fields shared by `message` and `app_mention` (both carry a message). */
const messageFields: Schema = {
  app_id: str("App that posted the message (bot messages)."),
  assistant_thread: open("Assistant thread context, for apps using the assistant container."),
  attachments: { items: { $ref: "./SlackAttachment.json" }, type: "array" },
  blocks: { items: { $ref: "./SlackBlock.json" }, type: "array" },
  bot_id: str("Bot that posted the message."),
  bot_profile: { $ref: "./BotProfile.json" },
  channel: str("ID of the channel, private group or DM the message was posted in."),
  client_msg_id: str(),
  display_as_bot: { type: "boolean" },
  edited: { $ref: "./Edited.json" },
  event_ts: ts("When the event was dispatched."),
  files: { items: { $ref: "./SlackFile.json" }, type: "array" },
  icons: open("Icon overrides of a bot message."),
  metadata: {
    description: "Message metadata attached by an app.",
    properties: { event_payload: open("App-defined payload."), event_type: str() },
    required: ["event_type"],
    type: "object",
  },
  parent_user_id: str("Author of the thread's parent message (replies only)."),
  source_team: str(),
  team: str("Workspace of the message author."),
  text: str("The message text (may contain mrkdwn and mentions like <@U123>)."),
  thread_ts: ts("Timestamp of the thread's parent message (replies only)."),
  ts: ts("Message timestamp; unique per channel, doubles as the message id."),
  upload: { type: "boolean" },
  user: str("ID of the user who sent the message."),
  user_profile: open("Compact profile of the author (shared channels)."),
  user_team: str(),
  username: str("Display name of a bot message."),
};

defs.Message = {
  description:
    "A message was sent to a channel, group, DM or MPDM (https://docs.slack.dev/reference/events/message). Subtypes (bot_message, message_changed, message_deleted, …) share this object.",
  properties: {
    ...messageFields,
    channel_type: { enum: ["app_home", "channel", "group", "im", "mpim"], type: "string" },
    deleted_ts: ts("message_deleted: timestamp of the deleted message."),
    hidden: { description: "Set on subtypes that are not shown in the channel (e.g. message_changed).", type: "boolean" },
    is_starred: { type: "boolean" },
    latest_reply: ts("Timestamp of the latest reply (thread parents)."),
    message: open("message_changed: the message after the change."),
    pinned_to: { items: str(), type: "array" },
    previous_message: open("message_changed / message_deleted: the message before the change."),
    reactions: {
      items: {
        properties: { count: { type: "integer" }, name: str(), users: { items: str(), type: "array" } },
        required: ["count", "name", "users"],
        type: "object",
      },
      type: "array",
    },
    reply_count: { type: "integer" },
    reply_users: { items: str(), type: "array" },
    reply_users_count: { type: "integer" },
    subtype: str("Message subtype; absent for plain user messages (e.g. bot_message, message_changed, message_deleted, thread_broadcast)."),
    type: { const: "message", type: "string" },
  },
  required: ["channel", "event_ts", "ts", "type"],
  type: "object",
};

defs.AppMention = {
  description: "The app was mentioned in a message (https://docs.slack.dev/reference/events/app_mention).",
  properties: {
    ...messageFields,
    subtype: str(),
    type: { const: "app_mention", type: "string" },
  },
  required: ["channel", "event_ts", "text", "ts", "type"],
  type: "object",
};

defs.ReactionAdded = {
  description: "A member added an emoji reaction to an item (https://docs.slack.dev/reference/events/reaction_added).",
  properties: {
    event_ts: ts("When the event was dispatched."),
    item: {
      description: "The item that was reacted to.",
      oneOf: [
        {
          properties: { channel: str(), ts: ts("Timestamp of the message."), type: { const: "message", type: "string" } },
          required: ["channel", "ts", "type"],
          type: "object",
        },
        {
          properties: { file: str("File ID."), type: { const: "file", type: "string" } },
          required: ["file", "type"],
          type: "object",
        },
        {
          properties: { file: str("File ID."), file_comment: str("File comment ID."), type: { const: "file_comment", type: "string" } },
          required: ["file", "file_comment", "type"],
          type: "object",
        },
      ],
    },
    item_user: str("ID of the user who created the item reacted to (absent for some items)."),
    reaction: str("Emoji name without colons, e.g. thumbsup or thumbsup::skin-tone-2."),
    type: { const: "reaction_added", type: "string" },
    user: str("ID of the user who added the reaction."),
  },
  required: ["event_ts", "item", "reaction", "type", "user"],
  type: "object",
};

/** Hand-written inner events (the rest are derived from @slack/types, see {@link slackTypesEvents}). */
const HAND_WRITTEN: Record<string, string> = {
  app_mention: "AppMention",
  message: "Message",
  reaction_added: "ReactionAdded",
};

/**
 * The inner event types @slack/types describes: every `export interface … { type: '<name>'; … }`
 * in node_modules/@slack/types/dist/events/*.d.ts, sorted. Message subtypes all carry
 * `type: 'message'` and so are one event, `message` (narrow on `subtype`).
 */
export function slackTypesEvents(): string[] {
  const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "node_modules", "@slack", "types", "dist", "events");
  const out = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".d.ts")).sort()) {
    const text = readFileSync(join(dir, file), "utf8");
    for (const m of text.matchAll(/export interface \w+ (?:extends [^{]*)?\{\n((?: {4}.*\n|\s*\n)*?)\}/g)) {
      const type = /^ {4}type: '([a-z_]+)';/m.exec(m[1]!);
      if (type) out.add(type[1]!);
    }
  }
  return [...out].sort();
}

/** A derived inner event: its `type`, and the fields every inner event may carry; the rest is open. */
function innerEvent(type: string): Schema {
  return {
    additionalProperties: true,
    description: `The \`${type}\` event (https://docs.slack.dev/reference/events/${type}); fields beyond \`type\` vary, see @slack/types.`,
    properties: { event_ts: str("When the event was dispatched."), type: { const: type, type: "string" } },
    required: ["type"],
    type: "object",
  };
}

/** Top-level (not enveloped) deliveries: handshakes, rate limiting and interactivity (`payload=` forms). */
const idObject = (description: string, extra: Schema = {}): Schema => ({
  additionalProperties: true,
  description,
  properties: { id: str(), ...extra },
  required: ["id"],
  type: "object",
});
const interactivityCommon: Schema = {
  api_app_id: str("The app the interaction is for."),
  enterprise: { anyOf: [idObject("Enterprise grid organisation."), { type: "null" }] },
  is_enterprise_install: { type: "boolean" },
  team: { anyOf: [idObject("Workspace.", { domain: str() }), { type: "null" }] },
  token: str("Deprecated verification token; verify the request signature instead."),
  user: idObject("The user who interacted.", { name: str(), team_id: str(), username: str() }),
};
const view = open("The view (modal or App Home) with its `state.values` (https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload).");
// Open (additionalProperties: true) even under strict validation: Slack adds fields to these
// payloads without notice, and test-webhook's fresh samples carry the Events API identity fields.
const topLevel = (type: string, description: string, properties: Schema, required: string[]): Schema => ({
  additionalProperties: true,
  description,
  properties: { ...properties, type: { const: type, type: "string" } },
  required: [...required, "type"].sort(),
  title: type,
  type: "object",
});

const TOP_LEVEL: Record<string, Schema> = {
  app_rate_limited: topLevel(
    "app_rate_limited",
    "The app exceeded 30,000 events per workspace per hour (https://docs.slack.dev/apis/events-api/#rate-limiting).",
    { api_app_id: str(), minute_rate_limited: { type: "integer" }, team_id: str(), token: str() },
    ["api_app_id", "minute_rate_limited", "team_id"],
  ),
  url_verification: topLevel(
    "url_verification",
    "Request URL handshake; the runtime answers it (handshake: slack_url_verification) before any handler.",
    { challenge: str(), token: str() },
    ["challenge"],
  ),
  block_actions: topLevel(
    "block_actions",
    "A user interacted with a Block Kit element (https://docs.slack.dev/reference/interaction-payloads/block_actions-payload).",
    {
      ...interactivityCommon,
      actions: { items: open("One action: action_id, block_id, type, value / selected_option, action_ts."), type: "array" },
      channel: idObject("Channel of the message (absent for modals).", { name: str() }),
      container: open("Where the action happened (message, view, …)."),
      message: open("The message the action is attached to."),
      response_url: str("Where to post a response (message actions)."),
      state: open("State of the message's input blocks."),
      trigger_id: str("Opens a modal within 3 seconds."),
      view,
    },
    ["actions", "api_app_id", "user"],
  ),
  block_suggestion: topLevel(
    "block_suggestion",
    "An external_select asks for options (https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element#external_select).",
    { ...interactivityCommon, action_id: str(), block_id: str(), container: open("Where the menu is."), value: str("What the user typed."), view },
    ["action_id", "block_id", "user", "value"],
  ),
  message_action: topLevel(
    "message_action",
    "A message shortcut (https://docs.slack.dev/reference/interaction-payloads/shortcuts-interaction-payload).",
    {
      ...interactivityCommon,
      action_ts: str(),
      callback_id: str(),
      channel: idObject("Channel of the message.", { name: str() }),
      message: open("The message the shortcut was used on."),
      message_ts: str(),
      response_url: str(),
      trigger_id: str(),
    },
    ["callback_id", "channel", "message", "trigger_id", "user"],
  ),
  shortcut: topLevel(
    "shortcut",
    "A global shortcut (https://docs.slack.dev/reference/interaction-payloads/shortcuts-interaction-payload).",
    { ...interactivityCommon, action_ts: str(), callback_id: str(), trigger_id: str() },
    ["callback_id", "trigger_id", "user"],
  ),
  view_closed: topLevel(
    "view_closed",
    "A modal with notify_on_close was closed (https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload#view_closed).",
    { ...interactivityCommon, is_cleared: { type: "boolean" }, view },
    ["user", "view"],
  ),
  view_submission: topLevel(
    "view_submission",
    "A modal was submitted (https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload#view_submission).",
    { ...interactivityCommon, response_urls: { items: open("response_url_enabled inputs."), type: "array" }, trigger_id: str(), view },
    ["user", "view"],
  ),
};

/** Interactivity deliveries (a `payload=` form field holding JSON), as opposed to Events API JSON. */
export const SLACK_INTERACTIVITY = ["block_actions", "block_suggestion", "message_action", "shortcut", "view_closed", "view_submission"];

/**
 * Slash commands: form fields, no `type` (https://docs.slack.dev/interactivity/implementing-slash-commands).
 * In the catalog so that its types exist; the runtime cannot yet name a delivery `slash_command`
 * (see docs/providers/slack.md).
 */
const SLASH_COMMAND: Schema = {
  additionalProperties: true,
  description: "A slash command invocation (form-encoded fields; every value is a string).",
  properties: Object.fromEntries(
    [
      "api_app_id", "channel_id", "channel_name", "command", "enterprise_id", "enterprise_name", "is_enterprise_install",
      "response_url", "team_domain", "team_id", "text", "token", "trigger_id", "user_id", "user_name",
    ].map((k) => [k, str()]),
  ),
  required: ["channel_id", "command", "response_url", "team_id", "text", "trigger_id", "user_id"],
  title: "slash_command",
  type: "object",
};

/** Every event name of the catalog. */
export function slackCatalog(): string[] {
  return [...new Set([...slackTypesEvents(), ...Object.keys(TOP_LEVEL), "slash_command"])].sort();
}

function envelope(event: string, inner: Schema): Schema {
  return {
    description: "Events API callback envelope (https://docs.slack.dev/apis/events-api/#callback-field).",
    properties: {
      api_app_id: str("The app this event is intended for."),
      authed_users: { description: "Deprecated; use authorizations.", items: str(), type: "array" },
      authorizations: { items: { $ref: "../defs/Authorization.json" }, type: "array" },
      context_enterprise_id: { type: ["string", "null"] },
      context_team_id: { type: ["string", "null"] },
      enterprise_id: str(),
      event: inner,
      event_context: str("Opaque identifier for this event's context (apps.event.authorizations.list)."),
      event_id: { description: "Globally unique event id, stable across retries.", pattern: "^Ev", type: "string" },
      event_time: { description: "Epoch seconds when the event was dispatched.", type: "integer" },
      is_ext_shared_channel: { type: "boolean" },
      team_id: str("Workspace where the event occurred."),
      token: str("Deprecated verification token; verify the request signature instead."),
      type: { const: "event_callback", type: "string" },
    },
    required: ["api_app_id", "event", "event_id", "event_time", "team_id", "token", "type"],
    title: event,
    type: "object",
  };
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]!);
    return out;
  }
  return value;
}

export function buildSlackSchemas(): Map<string, string> {
  const files = new Map<string, string>();
  const text = (s: Json): string => JSON.stringify(sortKeys(s), null, 2) + "\n";
  for (const [name, schema] of Object.entries(defs)) files.set(`defs/${name}.json`, text(schema));
  for (const event of slackCatalog()) {
    let schema: Schema;
    if (event === "slash_command") schema = SLASH_COMMAND;
    else if (TOP_LEVEL[event] !== undefined) schema = TOP_LEVEL[event]!;
    else if (HAND_WRITTEN[event] !== undefined) schema = envelope(event, { $ref: `../defs/${HAND_WRITTEN[event]}.json` });
    else schema = envelope(event, innerEvent(event));
    files.set(`events/${event}.json`, text(schema));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function main(): void {
  const outDir = join(dirname(fileURLToPath(import.meta.url)), "..", "schemas", "slack");
  const check = process.argv.includes("--check");
  const files = buildSlackSchemas();
  const stale = syncSchemaFolder(outDir, files, check);
  if (check && stale.length > 0) {
    console.error(`schemas/slack is stale: ${stale.join(", ")}`);
    process.exit(1);
  }
  console.log(`schemas/slack: ${slackCatalog().length} events, ${Object.keys(defs).length} defs (${stale.length} files changed)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
