/**
 * Writes schemas/slack/ (docs/CONTRACTS.md folder format): the Events API `event_callback`
 * envelope around the starter events `message`, `app_mention`, `reaction_added`.
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

export const SLACK_EVENTS: Record<string, string> = {
  app_mention: "AppMention",
  message: "Message",
  reaction_added: "ReactionAdded",
};

function envelope(event: string, def: string): Schema {
  return {
    description: "Events API callback envelope (https://docs.slack.dev/apis/events-api/#callback-field).",
    properties: {
      api_app_id: str("The app this event is intended for."),
      authed_users: { description: "Deprecated; use authorizations.", items: str(), type: "array" },
      authorizations: { items: { $ref: "../defs/Authorization.json" }, type: "array" },
      context_enterprise_id: { type: ["string", "null"] },
      context_team_id: { type: ["string", "null"] },
      enterprise_id: str(),
      event: { $ref: `../defs/${def}.json` },
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
  for (const [event, def] of Object.entries(SLACK_EVENTS)) files.set(`events/${event}.json`, text(envelope(event, def)));
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
  console.log(`schemas/slack: ${Object.keys(SLACK_EVENTS).length} events, ${Object.keys(defs).length} defs (${stale.length} files changed)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
