/**
 * The built-in Discord spec (providers/discord/webhook.yaml): its `ed25519` scheme cross-checked
 * with discord-interactions 4.4.0 `verifyKey` both ways (it only verifies, so "Discord's"
 * signatures are made with node:crypto the way Discord's docs construct them, and the SDK confirms
 * them first), stale and future timestamps, several public keys, tampered bodies; the PING
 * handshake; and the catalog against the example interactions in Discord's documentation.
 */
import { sign as nodeSign } from "node:crypto";
import { InteractionType, verifyKey } from "discord-interactions";
import { describe, expect, it } from "vitest";
import { compileExtraction } from "../../../src/runtime/extract.js";
import { answerHandshake, handshakesOf } from "../../../src/runtime/handshakes.js";
import { signDelivery } from "../../../src/testing/sign.js";
import { accepts, verify } from "../schemes/harness.js";
import { ed25519Keys } from "../schemes/keys.js";
import { compileFolder, contractProblems, errorSignatures, forceStrict, readSchemaFolder, type SchemaObject } from "../schema-folder.js";
import { builtinScheme, builtinSpec } from "./builtin.js";

const scheme = builtinScheme("discord");
const spec = builtinSpec("discord");
const SIG = "x-signature-ed25519";
const TS = "x-signature-timestamp";
const now = () => Math.floor(Date.now() / 1000);
/** Discord's construction (Interactions Overview, "Validating Security Request Headers"): Ed25519 over timestamp + raw body, hex. */
const discordSigns = (keys: ReturnType<typeof ed25519Keys>, ts: string, body: string) => nodeSign(null, Buffer.from(ts + body), keys.privateKey).toString("hex");

// Example interactions from Discord's documentation (application-commands, components/reference).
const SLASH_COMMAND = {
  type: 2,
  token: "A_UNIQUE_TOKEN",
  member: {
    user: { id: "53908232506183680", username: "Mason", avatar: "a_d5efa99b3eeaa7dd43acca82f5692432", discriminator: "1337", public_flags: 131141 },
    roles: ["539082325061836999"], premium_since: null, permissions: "2147483647", pending: false, nick: null, mute: false,
    joined_at: "2017-03-13T19:19:14.040000+00:00", is_pending: false, deaf: false,
  },
  id: "786008729715212338",
  guild_id: "290926798626357999",
  app_permissions: "442368",
  guild_locale: "en-US",
  locale: "en-US",
  data: { options: [{ type: 3, name: "cardname", value: "The Gitrog Monster" }], type: 1, name: "cardsearch", id: "771825006014889984" },
  channel_id: "645027906669510667",
};
const USER_COMMAND = {
  application_id: "775799577604522054",
  channel_id: "772908445358620702",
  data: {
    id: "866818195033292850",
    name: "context-menu-user-2",
    resolved: {
      members: { "809850198683418695": { avatar: null, is_pending: false, joined_at: "2021-02-12T18:25:07.972000+00:00", nick: null, pending: false, permissions: "246997699136", premium_since: null, roles: [] } },
      users: { "809850198683418695": { avatar: "afc428077119df8aabbbd84b0dc90c74", bot: true, discriminator: "7302", id: "809850198683418695", public_flags: 0, username: "VoltyDemo" } },
    },
    target_id: "809850198683418695",
    type: 2,
  },
  guild_id: "772904309264089089",
  guild_locale: "en-US",
  app_permissions: "442368",
  id: "867794291820986368",
  locale: "en-US",
  member: {
    avatar: null, deaf: false, is_pending: false, joined_at: "2020-11-02T20:46:57.364000+00:00", mute: false, nick: null, pending: false,
    permissions: "274877906943", premium_since: null, roles: ["785609923542777878"],
    user: { avatar: "a_f03401914fb4f3caa9037578ab980920", discriminator: "6538", id: "167348773423415296", public_flags: 1, username: "ian" },
  },
  token: "UNIQUE_TOKEN",
  type: 2,
  version: 1,
};
// The component and modal examples show only `type` and `data` ("...additionalInteractionFields"); the
// fields every interaction carries are added from the interaction structure.
const base = { id: "1300000000000000001", application_id: "775799577604522054", token: "UNIQUE_TOKEN", version: 1 };
const BUTTON = { ...base, type: 3, data: { component_type: 2, id: 2, custom_id: "click_me" } };
const STRING_SELECT = { ...base, type: 3, data: { component_type: 3, custom_id: "favorite_bug", values: ["butterfly"] } };
const MODAL_SUBMIT = { ...base, type: 5, data: { custom_id: "bug_modal", components: [{ type: 18, id: 1, component: { type: 3, id: 2, custom_id: "favorite_bug", values: ["butterfly"] } }] } };
const AUTOCOMPLETE = { ...base, type: 4, data: { id: "771825006014889984", name: "cardsearch", type: 1, options: [{ type: 3, name: "cardname", value: "Gitr", focused: true }] } };
const PING = { id: "1300000000000000002", application_id: "775799577604522054", type: 1, version: 1, token: "PING_TOKEN", entitlements: [] };

describe("discord: the built-in spec", () => {
  it("is Discord's interactions scheme: Ed25519 over timestamp + body, hex, hex public keys, 5 minutes both ways", () => {
    expect(scheme).toMatchObject({ scheme: "ed25519", header: SIG, encoding: "hex", signedContent: "{timestamp}{body}", timestamp: { header: TS, unit: "s", toleranceSeconds: 300 }, publicKeyEncoding: "hex" });
    expect(spec.displayName).toBe("Discord");
    expect(spec.webhooks["default"]).toMatchObject({ path: "/webhooks/discord/", secretEnv: "DISCORD_PUBLIC_KEY", verifySignature: true, validation: "lenient" });
    expect(spec.delivery).toMatchObject({ timeoutSeconds: 3, retries: { attempts: 0 } });
  });

  it("answers a PING {\"type\":1} (PONG) and nothing else", () => {
    const handshakes = handshakesOf(spec.handshake);
    expect(answerHandshake(handshakes, PING, {}, [])).toEqual({ status: 200, contentType: "application/json", body: '{"type":1}' });
    expect(answerHandshake(handshakes, SLASH_COMMAND, {}, [])).toBeUndefined();
    expect(answerHandshake(handshakes, { ...PING, type: "1" }, {}, [])).toBeUndefined(); // a number, as Discord sends it
  });
});

describe("discord: signatures, cross-checked with discord-interactions 4.4.0 verifyKey", () => {
  const body = JSON.stringify(SLASH_COMMAND);

  it("we accept Discord-format signatures that verifyKey accepts; both refuse tampered bodies and another key", async () => {
    const keys = ed25519Keys();
    const ts = String(now());
    const signature = discordSigns(keys, ts, body);
    expect(await verifyKey(body, signature, ts, keys.publicHex)).toBe(true);
    expect(await accepts(scheme, { body, headers: { [SIG]: signature, [TS]: ts }, secrets: [keys.publicHex] })).toBe(true);
    const tampered = body.replace("Gitrog", "Gitrob");
    expect(await verifyKey(tampered, signature, ts, keys.publicHex)).toBe(false);
    expect(await accepts(scheme, { body: tampered, headers: { [SIG]: signature, [TS]: ts }, secrets: [keys.publicHex] })).toBe(false);
    expect(await accepts(scheme, { body, headers: { [SIG]: signature, [TS]: ts }, secrets: [ed25519Keys().publicHex] })).toBe(false);
  });

  it("verifyKey accepts what signDelivery signs under the built-in spec (private key from the option or DISCORD_TEST_PRIVATE_KEY)", async () => {
    const keys = ed25519Keys();
    const headers = signDelivery(scheme, { body, secret: keys.publicHex, privateKey: keys.privatePem });
    expect(Object.keys(headers).sort()).toEqual([SIG, TS]);
    expect(await verifyKey(body, headers[SIG]!, headers[TS]!, keys.publicHex)).toBe(true);
    expect(await verifyKey(`${body} `, headers[SIG]!, headers[TS]!, keys.publicHex)).toBe(false);
    process.env["DISCORD_TEST_PRIVATE_KEY"] = keys.seedBase64;
    try {
      expect(signDelivery(scheme, { body, secret: keys.publicHex, timestamp: Number(headers[TS]) })).toEqual(headers); // Ed25519 is deterministic
    } finally {
      delete process.env["DISCORD_TEST_PRIVATE_KEY"];
    }
  });

  it("refuses timestamps more than 5 minutes off either way, which verifyKey lets through", async () => {
    const keys = ed25519Keys();
    const t = now();
    for (const [ts, ok] of [[t - 290, true], [t - 310, false], [t + 290, true], [t + 310, false]] as const) {
      const signature = discordSigns(keys, String(ts), body);
      expect(await verifyKey(body, signature, String(ts), keys.publicHex)).toBe(true);
      const result = await verify(scheme, { body, headers: { [SIG]: signature, [TS]: String(ts) }, secrets: [keys.publicHex] });
      expect(result.ok ? "ok" : result.reason).toBe(ok ? "ok" : "timestamp outside tolerance");
    }
  });

  it("several public keys: a delivery signed for either passes, for neither fails (verifyKey takes one key)", async () => {
    const [a, b, c] = [ed25519Keys(), ed25519Keys(), ed25519Keys()];
    const ts = String(now());
    const secrets = [a.publicHex, b.publicHex];
    for (const k of [a, b]) expect(await accepts(scheme, { body, headers: { [SIG]: discordSigns(k, ts, body), [TS]: ts }, secrets })).toBe(true);
    expect(await accepts(scheme, { body, headers: { [SIG]: discordSigns(c, ts, body), [TS]: ts }, secrets })).toBe(false);
    expect(await verifyKey(body, discordSigns(b, ts, body), ts, a.publicHex)).toBe(false);
  });
});

describe("discord: the catalog", () => {
  const folder = readSchemaFolder("discord");
  const compiled = compileFolder(folder);
  const extract = compileExtraction(spec.event);
  /** The catalog name the pipeline dispatches under: the full type, else its base (identify step). */
  const catalogType = (payload: unknown): string | undefined => {
    const { type, baseType } = extract({}, payload, 0);
    return type !== undefined && folder.events.has(type) ? type : baseType !== undefined && folder.events.has(baseType) ? baseType : undefined;
  };

  it("is the five interaction types of discord-interactions' InteractionType, named by the enum lower-cased", () => {
    // A numeric enum maps both ways; its string values are the member names.
    const members = Object.entries(InteractionType).filter((e): e is [string, number] => typeof e[1] === "number");
    const byName = new Map(members.map(([name, value]) => [name.toLowerCase(), value]));
    expect([...folder.events.keys()].sort()).toEqual([...byName.keys()].sort());
    expect(Object.keys(spec.schemas.events).sort()).toEqual(["application_command", "application_command_autocomplete", "message_component", "modal_submit", "ping"]);
    expect(spec.event.type.names).toEqual(Object.fromEntries(members.map(([name, value]) => [String(value), name.toLowerCase()])));
    expect(contractProblems(folder)).toEqual([]);
    for (const [name, schema] of folder.events) expect(((schema["properties"] as Record<string, SchemaObject>)["type"]!)["const"]).toBe(byName.get(name));
  });

  it("validates Discord's documented interactions, also with unknown keys forbidden", () => {
    const strict = compileFolder(folder, { strict: true });
    const cases = [
      ["application_command", SLASH_COMMAND], ["application_command", USER_COMMAND], ["message_component", BUTTON], ["message_component", STRING_SELECT],
      ["application_command_autocomplete", AUTOCOMPLETE], ["modal_submit", MODAL_SUBMIT], ["ping", PING],
    ] as const;
    for (const [event, payload] of cases) {
      for (const c of [compiled, strict]) {
        const v = c.validator(event);
        expect(v(payload), `${event}: ${JSON.stringify(errorSignatures(v))}`).toBe(true);
      }
    }
  });

  it("refuses payloads of the wrong interaction type or without their data (so the schemas can fail)", () => {
    expect(compiled.validator("application_command")(BUTTON)).toBe(false);
    const noData: Record<string, unknown> = { ...SLASH_COMMAND };
    delete noData["data"];
    const v = compiled.validator("application_command");
    expect(v(noData)).toBe(false);
    expect(errorSignatures(v)).toContain("required:data@");
    expect(compiled.validator("message_component")({ ...BUTTON, data: { custom_id: "x" } })).toBe(false); // no component_type
  });

  it("extracts the interaction type by name (a command's name appended, falling back to its type), the id and the signed time", () => {
    expect(extract({ [TS]: "1700000000" }, SLASH_COMMAND, 0)).toEqual({ type: "application_command.cardsearch", baseType: "application_command", id: "786008729715212338", timestampMs: 1_700_000_000_000 });
    expect([SLASH_COMMAND, USER_COMMAND, BUTTON, STRING_SELECT, AUTOCOMPLETE, MODAL_SUBMIT, PING].map(catalogType)).toEqual([
      "application_command", "application_command", "message_component", "message_component", "application_command_autocomplete", "modal_submit", "ping",
    ]);
    expect(extract({}, { type: 6, id: "9" }, 0)).toMatchObject({ type: "6", id: "9" }); // a future interaction type: outside the catalog
  });

  it("keeps every nested Discord object open: forcing strict mode changes no object Discord extends", () => {
    // GuildMember, User, ResolvedData and the data shapes declare additionalProperties: true themselves.
    for (const name of ["User", "GuildMember", "ResolvedData", "ApplicationCommandData", "MessageComponentData", "ModalSubmitData", "CommandOption"]) {
      expect((forceStrict(folder.defs.get(name)!) as SchemaObject)["additionalProperties"]).toBe(true);
    }
  });
});
