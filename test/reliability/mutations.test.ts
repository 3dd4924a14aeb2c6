/**
 * fast-check over mutations of valid signed deliveries (Stripe via the Stripe SDK, GitHub via
 * @octokit/webhooks-methods): bytes flipped, inserted, deleted or replaced in the body and in the
 * signature header, the signed timestamp shifted, harmless changes mixed in. 10,000 runs go
 * through the pipeline in process (`createWebhookHandler` with a hand-built `WebhookRequest`, the
 * core contract every adapter maps onto); 300 more go over real HTTP, spread over every adapter.
 *
 * The oracle: a mutation that changes the signed bytes (the body, Stripe's `t`) or the MAC
 * itself must be refused — 401, no handler run. Anything else (a header name's case, a blank
 * after a comma, an unsigned header) may pass, and when a delivery passes, the handler saw
 * exactly the original body.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhookHandler } from "../../src/runtime/pipeline.js";
import type { WebhookRequest } from "../../src/runtime/types.js";
import type { Setup } from "../e2e/adapters/cases.js";
import { BODY_MARKER, githubSignature, reliabilitySetup, send, stripeSignature, stripeWire, type Answer, type Wire } from "./deliveries.js";
import { ADAPTERS, type Running } from "./servers.js";

/** Fixed so a failure replays; override with RELIABILITY_SEED to explore further. */
const SEED = Number(process.env["RELIABILITY_SEED"] ?? 20_261_202);
const IN_PROCESS_RUNS = 10_000;
const HTTP_RUNS = 300;

/**
 * Every server and pipeline here runs on this clock, and every base delivery is built from it and
 * a run counter: the same seed then mutates the same bytes, so a counterexample replays exactly.
 */
const CLOCK_MS = 1_790_000_000_000;
const CLOCK_S = CLOCK_MS / 1000;
let run = 0;

/** A valid delivery, byte-identical for the same run number. */
async function baseDelivery(provider: "stripe" | "github"): Promise<Wire> {
  run += 1;
  if (provider === "stripe") {
    const payload = JSON.stringify({
      id: `evt_mut_${run}`,
      type: "payment_intent.succeeded",
      created: CLOCK_S,
      data: { object: { id: `pi_mut_${run}`, description: BODY_MARKER } },
    });
    return stripeWire(payload, undefined, stripeSignature(payload, { timestamp: CLOCK_S }));
  }
  const payload = JSON.stringify({ action: "opened", issue: { number: run, title: BODY_MARKER } });
  return {
    path: "/webhooks/github",
    headers: {
      "content-type": "application/json",
      "x-github-event": "issues",
      "x-github-delivery": `gh-mut-${run}`,
      "x-hub-signature-256": await githubSignature(payload),
    },
    body: payload,
  };
}

/** The suite's setup on {@link CLOCK_MS}. */
function clockedSetup(): Setup {
  const s = reliabilitySetup();
  return { ...s, options: { ...s.options, now: () => CLOCK_MS } };
}

type ByteOp = { readonly op: "flip" | "insert" | "delete" | "replace"; readonly at: number; readonly bit: number; readonly byte: number };
type Mutation =
  | ({ readonly target: "body" } & ByteOp)
  | ({ readonly target: "signature" } & ByteOp)
  | { readonly target: "timestamp"; readonly delta: number }
  | { readonly target: "neutral"; readonly kind: "blank-after-comma" | "unsigned-header" | "header-name-case" };

const byteOp = { op: fc.constantFrom("flip", "insert", "delete", "replace"), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }), byte: fc.integer({ min: 0, max: 255 }) } as const;
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ target: fc.constant("body" as const), ...byteOp }) },
  { weight: 4, arbitrary: fc.record({ target: fc.constant("signature" as const), ...byteOp }) },
  { weight: 2, arbitrary: fc.record({ target: fc.constant("timestamp" as const), delta: fc.integer({ min: -400, max: 400 }).filter((d) => d !== 0) }) },
  { weight: 1, arbitrary: fc.record({ target: fc.constant("neutral" as const), kind: fc.constantFrom("blank-after-comma", "unsigned-header", "header-name-case") }) },
);
const scenario = fc.record({ provider: fc.constantFrom("stripe" as const, "github" as const), mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }) });

function applyBytes(bytes: Uint8Array, m: ByteOp, printable: boolean): Uint8Array {
  const list = [...bytes];
  // Header values stay printable ASCII, so node:http can send every one of them.
  const fit = (b: number): number => (printable && (b < 0x20 || b > 0x7e) ? 0x20 + (b % 95) : b);
  if (m.op === "insert") list.splice(m.at % (list.length + 1), 0, fit(m.byte));
  else if (list.length === 0) return bytes;
  else if (m.op === "delete") list.splice(m.at % list.length, 1);
  else if (m.op === "flip") list[m.at % list.length] = fit(list[m.at % list.length]! ^ (1 << m.bit));
  else list[m.at % list.length] = fit(m.byte);
  return Uint8Array.from(list);
}

const SIGNATURE_HEADER = { stripe: "stripe-signature", github: "x-hub-signature-256" } as const;

interface Mutated {
  readonly wire: Wire;
  readonly original: { readonly body: Uint8Array; readonly mac: string; readonly t: string | undefined };
  /** The signed bytes or the MAC changed: the pipeline must refuse. */
  readonly mustRefuse: boolean;
}

async function mutate(provider: "stripe" | "github", mutations: readonly Mutation[], http: boolean): Promise<Mutated> {
  const base = await baseDelivery(provider);
  const name = SIGNATURE_HEADER[provider];
  const originalHeader = base.headers[name] as string;
  const original = {
    body: Buffer.from(base.body as string),
    mac: /[0-9a-f]{64}/.exec(originalHeader)![0],
    t: /t=(\d+)/.exec(originalHeader)?.[1],
  };
  let body: Uint8Array = original.body;
  let signature = originalHeader;
  let signatureName: string = name;
  const extra: Record<string, string> = {};
  for (const m of mutations) {
    if (m.target === "body") body = applyBytes(body, m, false);
    else if (m.target === "signature") signature = Buffer.from(applyBytes(Buffer.from(signature, "latin1"), m, true)).toString("latin1");
    else if (m.target === "timestamp") signature = signature.replace(/t=(\d+)/, (_, t: string) => `t=${Number(t) + m.delta}`);
    else if (m.kind === "blank-after-comma") signature = signature.replace(",", ", ");
    else if (m.kind === "unsigned-header") extra["x-unsigned-extra"] = "anything";
    // In process, header names are lower case by contract (WebhookRequest); over HTTP any case is the same header.
    else if (http) signatureName = name.toUpperCase();
  }
  const headers = { ...base.headers, ...extra };
  delete headers[name];
  headers[signatureName] = signature;
  const bodyChanged = Buffer.compare(Buffer.from(body), original.body) !== 0;
  const macGone = !signature.toLowerCase().includes(original.mac);
  const tChanged = original.t !== undefined && !new RegExp(`(^|,)\\s*t=${original.t}\\s*(,|$)`).test(signature);
  return { wire: { ...base, headers, body }, original, mustRefuse: bodyChanged || macGone || tChanged };
}

/** The core contract's request, as every adapter builds it. */
function webhookRequest(wire: Wire): WebhookRequest {
  const body = typeof wire.body === "string" ? Buffer.from(wire.body) : wire.body;
  return { method: "POST", path: wire.path, headers: wire.headers, remoteAddress: "127.0.0.1", readBody: () => body };
}

/** Runs of each kind, so a generator gone vacuous (all refused, or all harmless) fails the test. */
interface Tally {
  mustRefuse: number;
  harmlessPassed: number;
}

function judge(m: Mutated, answer: Answer, caused: readonly { rawBody: Uint8Array }[], tally: Tally): void {
  if (m.mustRefuse) {
    tally.mustRefuse += 1;
    expect(answer.status).toBe(401);
    expect(caused).toHaveLength(0);
    return;
  }
  // A harmless mutation: processed exactly as the original, or refused outright.
  expect([200, 401]).toContain(answer.status);
  if (answer.status === 200) {
    tally.harmlessPassed += 1;
    expect(JSON.parse(answer.body)).toEqual({ status: "processed" });
    expect(caused.map((e) => Buffer.compare(Buffer.from(e.rawBody), m.original.body))).toEqual([0]);
  } else {
    expect(caused).toHaveLength(0);
  }
}

describe(`mutations of valid deliveries (fast-check seed ${SEED})`, () => {
  it(`refuses every one of ${IN_PROCESS_RUNS} in-process mutations that changes signed bytes`, async () => {
    console.log(`[reliability] fast-check seed ${SEED}, ${IN_PROCESS_RUNS} in-process runs (RELIABILITY_SEED overrides)`);
    const s = clockedSetup();
    const handle = createWebhookHandler(s.routes, s.options);
    const tally: Tally = { mustRefuse: 0, harmlessPassed: 0 };
    await fc.assert(
      fc.asyncProperty(scenario, async ({ provider, mutations }) => {
        const m = await mutate(provider, mutations, false);
        const before = s.calls.length;
        const response = (await handle(webhookRequest(m.wire)))!;
        judge(m, { status: response.status, body: response.body }, s.calls.slice(before), tally);
      }),
      { seed: SEED, numRuns: IN_PROCESS_RUNS, endOnFailure: true },
    );
    console.log(`[reliability] in process: ${tally.mustRefuse} changed signed bytes (all refused), ${tally.harmlessPassed} harmless ones processed`);
    expect(tally.mustRefuse).toBeGreaterThan(IN_PROCESS_RUNS * 0.8);
    expect(tally.harmlessPassed).toBeGreaterThan(0);
  });

  describe(`${HTTP_RUNS} over HTTP, spread over every adapter`, () => {
    const names = Object.keys(ADAPTERS);
    const servers: { s: Setup; server: Running }[] = [];
    beforeAll(async () => {
      for (const name of names) {
        const s = clockedSetup();
        servers.push({ s, server: await ADAPTERS[name]!(s) });
      }
    });
    afterAll(async () => {
      for (const { server } of servers) await server.close();
    });

    it("refuses every one that changes signed bytes", async () => {
      console.log(`[reliability] fast-check seed ${SEED + 1}, ${HTTP_RUNS} runs over HTTP across ${names.join(", ")}`);
      const tally: Tally = { mustRefuse: 0, harmlessPassed: 0 };
      await fc.assert(
        fc.asyncProperty(scenario, fc.nat({ max: names.length - 1 }), async ({ provider, mutations }, index) => {
          const { s, server } = servers[index]!;
          const m = await mutate(provider, mutations, true);
          const before = s.calls.length;
          judge(m, await send(server.base, m.wire), s.calls.slice(before), tally);
        }),
        { seed: SEED + 1, numRuns: HTTP_RUNS, endOnFailure: true },
      );
      console.log(`[reliability] over HTTP: ${tally.mustRefuse} changed signed bytes (all refused), ${tally.harmlessPassed} harmless ones processed`);
      expect(tally.mustRefuse).toBeGreaterThan(HTTP_RUNS * 0.8);
      expect(tally.harmlessPassed).toBeGreaterThan(0);
    });
  });
});
