import { Command, Option } from "commander";
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ProviderSpec } from "../../manifest/types.js";
import { extractEvent } from "../../runtime/extract.js";
import { DELIVERY_VARIANTS, type DeliveryVariant, type VariantDeliveries, variantsOfBody } from "../../testing/variants.js";
import { curlCommand } from "../curl.js";
import { pick } from "../pick.js";
import { loadSpecs } from "../project.js";
import { setErrorContext, UsageError } from "../report-error.js";
import { type Freshness, freshPayload, identityHeaders } from "../sample-delivery.js";
import { type DeliveryResponse, postDelivery, webhookUrl } from "../send-delivery.js";
import { type ProjectOptionFlags, projectOf, withProjectOptions } from "./shared-options.js";

interface TestWebhookFlags extends ProjectOptionFlags {
  readonly event: string;
  readonly url?: string;
  readonly webhook: string;
  readonly payload?: string;
  readonly secret?: string;
  readonly print?: boolean;
  readonly variant?: DeliveryVariant;
}

/** `test-webhook <provider>`: sends one signed delivery of an event (or a variant of it) to a running server. */
export function testWebhookCommand(): Command {
  return withProjectOptions(new Command("test-webhook"))
    .description("send a signed test delivery of one event to your running server (or --print it as curl)")
    .argument("<provider>", "provider name, e.g. stripe")
    .requiredOption("--event <name>", "event name, e.g. payment_intent.succeeded (see: list --events)")
    .option("--url <base>", "your server's base URL; the webhook's path is appended (required unless --print)")
    .option("--webhook <name>", "webhook of the provider", "default")
    .option("--payload <file>", "send this JSON file as-is instead of a sample built from the event's schema")
    .option("--secret <value>", "signing secret (default: the webhook's signing_secret_env variable)")
    .option("--print", "print the signed request as a curl command instead of sending it")
    .addOption(
      new Option("--variant <kind>", "send what your endpoint must refuse: a tampered body, a stale or rotated-out signature, or a duplicate").choices(
        DELIVERY_VARIANTS,
      ),
    )
    .addHelpText(
      "after",
      `
Exit codes: 0 the server answered 2xx (with --variant: refused it as it should); 1 any other
answer; 2 usage error, missing secret or server unreachable.

Examples:
  $ smart-api-integrations test-webhook stripe --event payment_intent.succeeded --url http://localhost:3000
  $ smart-api-integrations test-webhook github --event issues.opened --url http://localhost:3000 --variant tampered
  $ smart-api-integrations test-webhook stripe --event invoice.paid --print | sh
  $ smart-api-integrations test-webhook stripe --event invoice.paid --url https://staging.example.com \\
      --webhook connect --payload fixtures/invoice.paid.json`,
    )
    .action(async (provider: string, flags: TestWebhookFlags) => {
      const project = await projectOf(flags);
      setErrorContext(project.cwd);
      const specs = loadSpecs(project);
      const spec = pick("provider", provider, new Map(specs.map((s) => [s.name, s])), `in ${project.settings.providersDir}/`);
      const webhook = pick("webhook", flags.webhook, new Map(Object.entries(spec.webhooks)), `of ${spec.name}`);
      const catalog = Object.keys(spec.schemas.events);
      pick("event", flags.event, new Map(catalog.map((e) => [e, e])), `of ${spec.name}`);
      if (webhook.events !== undefined && !webhook.events.includes(flags.event)) {
        console.error(`warning: webhook ${flags.webhook} does not subscribe to ${flags.event}; expect 200 "ignored"`);
      }
      if (flags.url === undefined && !flags.print) {
        throw new UsageError("test-webhook needs --url <base>", "pass your server's base URL, e.g. --url http://localhost:3000, or --print to see the request instead");
      }

      // Everything that can fail without the network fails before the payload is built.
      const url = webhookUrl(flags.url ?? "http://localhost:3000", webhook.path);
      const secret = signingSecret(spec, flags.webhook, flags.secret);
      if (flags.variant !== undefined && flags.variant !== "duplicate" && secret === undefined) {
        throw new UsageError(`--variant ${flags.variant} needs a signature to break, and webhook ${spec.name}.${flags.webhook} verifies none`);
      }
      const now = Date.now();
      const fresh = { now, hex: randomBytes(8).toString("hex"), uuid: randomUUID() };
      const body = flags.payload === undefined ? samplePayloadText(spec, flags.event, fresh) : readPayload(resolve(project.cwd, flags.payload));
      const identityOnly = identityHeaders(spec.event, flags.event, fresh);
      // Sign the exact bytes that are sent: verification runs over the raw body.
      const plan: VariantDeliveries =
        secret === undefined
          ? { variant: "valid", deliveries: [{ body, headers: identityOnly }], expect: "accepted", description: "unsigned (the webhook verifies no signature)" }
          : variantsOfBody(spec, flags.event, body, { secret, timestamp: Math.floor(now / 1000), deliveryId: fresh.uuid, headers: identityOnly, url })[
              flags.variant ?? "valid"
            ];
      // Unsigned duplicate: the same bytes twice.
      const deliveries = secret === undefined && flags.variant === "duplicate" ? [plan.deliveries[0]!, plan.deliveries[0]!] : plan.deliveries;

      const first = deliveries[0]!;
      const identity = extractEvent(spec.event, first.headers, safeJson(first.body), new TextEncoder().encode(first.body), now);
      if (flags.payload !== undefined && identity.type !== undefined && identity.type !== flags.event) {
        console.error(`warning: the payload's event type is ${identity.type}, not ${flags.event}`);
      }
      if (flags.print) {
        if (flags.variant !== undefined) console.log(`# ${flags.variant}: ${plan.description}`);
        for (const delivery of deliveries) console.log(curlCommand(url, delivery));
        return;
      }
      let response: DeliveryResponse | undefined;
      for (const delivery of deliveries) response = await postDelivery(url, new TextEncoder().encode(delivery.body), delivery.headers);
      const label = flags.variant === undefined ? "" : ` [${flags.variant}]`;
      console.log(`POST ${url} ${flags.event}${label} (${identity.id}) → ${response!.status} ${response!.body}`);
      if (flags.variant === undefined) {
        process.exitCode = response!.status >= 200 && response!.status < 300 ? 0 : 1;
        return;
      }
      const expect = secret === undefined ? "duplicate" : plan.expect;
      const refused = variantRefused(expect, response!);
      console.log(refused ? `refused, as it should be: ${plan.description}` : `NOT refused: your endpoint accepted a delivery it must refuse (${plan.description})`);
      process.exitCode = refused ? 0 : 1;
    });
}

/** Whether the answer to a variant is the refusal it calls for. */
function variantRefused(expect: VariantDeliveries["expect"], response: DeliveryResponse): boolean {
  if (expect === "invalid_signature") return response.status === 401;
  if (expect === "duplicate") return /"duplicate"/.test(response.body);
  return true; // stale on a scheme that signs no timestamp: there is nothing to refuse it on
}

/** The sample body of `event`, naming the schema file when no sample can be built. */
function samplePayloadText(spec: ProviderSpec, event: string, fresh: Freshness): string {
  try {
    return JSON.stringify(freshPayload(spec.schemas, spec.event, event, fresh, spec.signature));
  } catch (error) {
    const file = spec.schemas.sources[event] ?? `event ${event}`;
    const message = error instanceof Error ? error.message : String(error);
    const pointer = /^cannot build a sample at (\/\S*):/.exec(message)?.[1];
    throw new UsageError(`${pointer === undefined ? file : `${file}#${pointer}`}: ${message}`, "pass --payload <file.json> with a body of your own");
  }
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
    throw new UsageError(`cannot read --payload ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
