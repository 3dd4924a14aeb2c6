import { Command } from "commander";
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { extractEvent } from "../../runtime/extract.js";
import { loadProviderSpecs, suggest } from "../../manifest/index.js";
import type { ProviderSpec } from "../../manifest/types.js";
import { signDelivery } from "../../testing/sign.js";
import { fsSpecSource } from "../fs-source.js";
import { packageRoot } from "../package-root.js";
import { freshPayload, identityHeaders } from "../sample-delivery.js";
import { postDelivery, webhookUrl } from "../send-delivery.js";

interface TestWebhookFlags {
  readonly event: string;
  readonly url: string;
  readonly webhook: string;
  readonly payload?: string;
  readonly secret?: string;
  readonly cwd: string;
  readonly providers: string;
}

/** `test-webhook <provider>`: sends one signed delivery of an event to a running server. */
export function testWebhookCommand(): Command {
  return new Command("test-webhook")
    .description("send a signed test delivery of one event to your running server")
    .argument("<provider>", "provider name, e.g. stripe")
    .requiredOption("--event <name>", "event name, e.g. payment_intent.succeeded (see: list --events)")
    .requiredOption("--url <base>", "your server's base URL; the webhook's path is appended")
    .option("--webhook <name>", "webhook of the provider", "default")
    .option("--payload <file>", "send this JSON file as-is instead of a sample built from the event's schema")
    .option("--secret <value>", "signing secret (default: the webhook's signing_secret_env variable)")
    .option("--cwd <dir>", "project folder; other paths are relative to it", process.cwd())
    .option("--providers <dir>", "folder of <provider>/webhook.yaml specs", "providers")
    .addHelpText(
      "after",
      `
Exit codes: 0 the server answered 2xx; 1 it answered anything else; 2 usage error,
missing secret or server unreachable.

Examples:
  $ smart-api-integrations test-webhook stripe --event payment_intent.succeeded --url http://localhost:3000
  $ smart-api-integrations test-webhook github --event issues.opened --url http://localhost:3000
  $ smart-api-integrations test-webhook stripe --event invoice.paid --url https://staging.example.com \\
      --webhook connect --payload fixtures/invoice.paid.json`,
    )
    .action(async (provider: string, flags: TestWebhookFlags) => {
      const cwd = resolve(flags.cwd);
      const builtinDir = relative(cwd, join(packageRoot, "providers")).split(sep).join("/");
      const specs = loadProviderSpecs({ source: fsSpecSource(cwd), providersDir: flags.providers, builtinDir });
      const spec = pick("provider", provider, new Map(specs.map((s) => [s.name, s])), `in ${flags.providers}/`);
      const webhook = pick("webhook", flags.webhook, new Map(Object.entries(spec.webhooks)), `of ${spec.name}`);
      const catalog = Object.keys(spec.schemas.events);
      pick("event", flags.event, new Map(catalog.map((e) => [e, e])), `of ${spec.name}`);
      if (webhook.events !== undefined && !webhook.events.includes(flags.event)) {
        console.error(`warning: webhook ${flags.webhook} does not subscribe to ${flags.event}; expect 200 "ignored"`);
      }

      // Everything that can fail without the network fails before the payload is built.
      const url = webhookUrl(flags.url, webhook.path);
      const secret = signingSecret(spec, flags.webhook, flags.secret);
      const now = Date.now();
      const fresh = { now, hex: randomBytes(8).toString("hex"), uuid: randomUUID() };
      const body =
        flags.payload === undefined
          ? JSON.stringify(freshPayload(spec.schemas, spec.event, flags.event, fresh))
          : readPayload(resolve(cwd, flags.payload));
      // Sign the exact bytes that are sent: verification runs over the raw body.
      const rawBody = new TextEncoder().encode(body);
      const headers = {
        ...identityHeaders(spec.event, flags.event, fresh),
        ...(secret === undefined
          ? {}
          : signDelivery(spec.signature, { body: rawBody, secret, timestamp: Math.floor(now / 1000), id: fresh.uuid })),
      };

      const identity = extractEvent(spec.event, headers, safeJson(body), rawBody, now);
      if (flags.payload !== undefined && identity.type !== undefined && identity.type !== flags.event) {
        console.error(`warning: the payload's event type is ${identity.type}, not ${flags.event}`);
      }
      const response = await postDelivery(url, rawBody, headers);
      console.log(`POST ${url} ${flags.event} (${identity.id}) → ${response.status} ${response.body}`);
      process.exitCode = response.status >= 200 && response.status < 300 ? 0 : 1;
    });
}

/** Looks a name up, failing with the nearest known name and the full list. */
function pick<T>(kind: string, name: string, known: ReadonlyMap<string, T>, where: string): T {
  const found = known.get(name);
  if (found !== undefined) return found;
  const names = [...known.keys()];
  if (names.length === 0) {
    const next = kind === "provider" ? `; run: smart-api-integrations init ${name}` : "";
    throw new Error(`unknown ${kind} ${JSON.stringify(name)}: there are none ${where}${next}`);
  }
  const hint = suggest(name, names);
  const list = names.length <= 10 ? ` (known: ${names.join(", ")})` : ` (${names.length} known; see: smart-api-integrations list --events)`;
  throw new Error(`unknown ${kind} ${JSON.stringify(name)} ${where}${hint === undefined ? "" : ` — did you mean "${hint}"?`}${list}`);
}

/**
 * `--secret`, else the first secret of the webhook's env var (during a rotation the server accepts
 * any of them). `undefined` when the webhook does not verify signatures. Never echoes the value.
 */
function signingSecret(spec: ProviderSpec, webhookName: string, flag: string | undefined): string | undefined {
  if (flag !== undefined && flag !== "") return flag;
  const webhook = spec.webhooks[webhookName];
  if (spec.signature.scheme === "none" || webhook?.verifySignature === false) return undefined;
  const env = webhook?.secretEnv;
  const first = env === undefined ? undefined : process.env[env]?.split(",").map((s) => s.trim()).find((s) => s !== "");
  if (first !== undefined) return first;
  throw new Error(
    env === undefined
      ? `no signing secret: webhook ${spec.name}.${webhookName} names no signing_secret_env; pass --secret`
      : `no signing secret: set ${env} (the secret your server verifies with) or pass --secret`,
  );
}

function readPayload(path: string): string {
  try {
    // Editors may save a BOM; no provider sends one, and JSON.parse on the server would refuse it.
    return readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  } catch (error) {
    throw new Error(`cannot read --payload ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
