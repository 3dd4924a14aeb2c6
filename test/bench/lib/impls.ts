/**
 * The implementations a comparison alternates. Each gets the SAME pool of distinct, correctly
 * signed deliveries (signed with its own scheme, outside the timed region), runs the whole pool
 * once per block, and counts in the timed loop itself how many got the expected result.
 *
 * To add a competitor: one entry in IMPLS, then name its id in lib/comparisons.ts.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { Webhooks } from "@octokit/webhooks";
import { Webhook as StandardWebhook } from "standardwebhooks";
import Stripe from "stripe";
import { Webhook as SvixWebhook } from "svix";
import type { ValidationMode, WebhookRequest } from "../../../src/runtime/types.js";
import type { DistProduct } from "./dist.js";
import { describe, DUPLICATE_BODY, ourHeaders, ourProvider, PROCESSED_BODY, request, type Handler } from "./ours.js";
import { SECRET, WHSEC, type BenchPayload } from "./payloads.js";
import { tampered, type Delivery } from "./pool.js";
import { githubSignature, stripeSignature, WRONG_SECRET } from "./sign.js";

export type Phase = "before" | "after";
export type ControlCheck = "tampered" | "wrong secret" | "duplicate";

/** One negative (or duplicate) control and what it got. */
export interface Control {
  readonly impl: string;
  readonly phase: Phase;
  readonly check: ControlCheck;
  readonly expected: string;
  readonly got: string;
  readonly ok: boolean;
}

export interface Impl {
  readonly id: string;
  /** Outside the timed region, before every block: e.g. a fresh pipeline (fresh dedupe store). */
  prepare(): void | Promise<void>;
  /** The timed block: every pool delivery once; returns how many got the expected result. */
  run(): number | Promise<number>;
  /** Outside the timed region, after every block: an error message, or undefined when all is well. */
  verify(): string | undefined;
  /** Negative controls; "after" runs on the state the timed blocks left (e.g. the last pipeline). */
  controls(phase: Phase): Promise<Control[]>;
}

export interface ImplContext {
  readonly product: DistProduct;
  readonly payload: BenchPayload;
  /** The timed deliveries (one block = all of them). */
  readonly pool: readonly Delivery[];
  /** Deliveries outside the pool, distinct from it and from each other (warm-up, controls). */
  spare(k: number): Delivery;
  readonly nowSec: number;
}

export type Setup = { readonly impl: Impl } | { readonly unavailable: string } | { readonly rejects: string };

export interface ImplEntry {
  readonly id: string;
  readonly label: string;
  setup(ctx: ImplContext): Promise<Setup>;
}

const control = (impl: string, phase: Phase, check: ControlCheck, expected: string, got: string, ok: boolean): Control => ({ impl, phase, check, expected, got, ok });
const errText = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 80);

/** The floor every row is divided by: HMAC-SHA256 + timingSafeEqual + JSON.parse of the same bytes. */
const floor: ImplEntry = {
  id: "floor",
  label: "floor: HMAC-SHA256 + timingSafeEqual + JSON.parse",
  async setup({ pool, spare }) {
    const check = (body: Buffer, header: string): boolean => {
      const mac = createHmac("sha256", SECRET).update(body).digest();
      const sig = Buffer.from(header.slice(7), "hex");
      if (sig.length !== mac.length || !timingSafeEqual(sig, mac)) return false;
      const v: unknown = JSON.parse(body.toString("utf8"));
      return typeof v === "object" && v !== null;
    };
    const bytes = pool.map((d) => d.bytes);
    const sigs = pool.map((d) => githubSignature(d.bytes));
    const negatives = (phase: Phase): Control[] => {
      const t = spare(2);
      const w = spare(3);
      const a = check(tampered(t), githubSignature(t.bytes));
      const b = check(w.bytes, githubSignature(w.bytes, WRONG_SECRET));
      return [control("floor", phase, "tampered", "rejected", a ? "accepted" : "rejected", !a), control("floor", phase, "wrong secret", "rejected", b ? "accepted" : "rejected", !b)];
    };
    return {
      impl: {
        id: "floor",
        prepare() {},
        run() {
          let ok = 0;
          for (let i = 0; i < bytes.length; i++) if (check(bytes[i] as Buffer, sigs[i] as string)) ok++;
          return ok;
        },
        verify: () => undefined,
        controls: async (phase) => negatives(phase),
      },
    };
  },
};

/** Our pipeline from dist, validation `mode`; `dedupe: false` for the "dedupe off" row. */
function ours(mode: ValidationMode, dedupeOff = false): ImplEntry {
  const id = dedupeOff ? "ours.nodedupe" : `ours.${mode}`;
  const opts = dedupeOff ? { dedupe: false as const } : {};
  return {
    id,
    label: dedupeOff ? `ours, dedupe off (validation ${mode})` : `ours, validation ${mode}`,
    async setup({ product, payload, pool, spare, nowSec }) {
      const o = await ourProvider(product, payload.provider, nowSec * 1000);
      const path = o.pathFor(mode);
      const req = (d: Delivery, body: Uint8Array = d.bytes, secret = SECRET) => request(path, ourHeaders(o, d, payload.event, nowSec, secret), body);
      const processed = (r: Awaited<ReturnType<Handler>>) => r?.status === 200 && r.body === PROCESSED_BODY;

      // Happy path first: a mode that rejects this payload is not a speed row. (The dedupe-off
      // probe is quiet: while the option is unsupported the pipeline logs a store failure.)
      const quiet = () => undefined;
      const probe = dedupeOff ? o.handler(mode, { ...opts, logger: { error: quiet, warn: quiet } }) : o.handler(mode, opts);
      const first = await probe(req(spare(0))).catch((e: unknown) => ({ status: -1, headers: {}, body: `threw ${errText(e)}` }));
      if (!processed(first)) {
        const why = describe(first);
        return dedupeOff ? { unavailable: `createWebhookHandler(…, { dedupe: false }) answered ${why}` } : { rejects: why };
      }
      if (dedupeOff) {
        // Until the option exists the pipeline keeps deduping (or fails): then the row is not ours to show.
        const again = await probe(req(spare(0)));
        if (!processed(again)) return { unavailable: `dedupe: false not supported by this build (a repeated delivery was answered ${describe(again)})` };
      }

      const headers = pool.map((d) => ourHeaders(o, d, payload.event, nowSec));
      let handler: Handler = probe;
      let reqs: WebhookRequest[] = [];
      let before = 0;
      const duplicateExpected = dedupeOff ? PROCESSED_BODY : DUPLICATE_BODY;
      return {
        impl: {
          id,
          async prepare() {
            // A fresh pipeline per block: a fresh dedupe store, so no timed delivery is a repeat.
            handler = o.handler(mode, opts);
            reqs = pool.map((d, i) => request(path, headers[i] as Record<string, string>, d.bytes));
            // Warm the route's lazily built context with a delivery outside the pool.
            const w = await handler(req(spare(1)));
            if (!processed(w)) throw new Error(`${id}: warm-up delivery answered ${describe(w)}`);
            before = o.dispatched[mode];
          },
          async run() {
            let ok = 0;
            for (let i = 0; i < reqs.length; i++) {
              const r = await handler(reqs[i] as WebhookRequest);
              if (r !== undefined && r.status === 200) ok++;
            }
            return ok;
          },
          verify() {
            const got = o.dispatched[mode] - before;
            return got === reqs.length ? undefined : `${id}: ${got} of ${reqs.length} deliveries reached the handler (others were not processed)`;
          },
          async controls(phase) {
            const h = phase === "before" ? o.handler(mode, opts) : handler;
            const t = spare(2);
            const w = spare(3);
            const a = await h(req(t, tampered(t)));
            const b = await h(req(w, w.bytes, WRONG_SECRET));
            const out = [
              control(id, phase, "tampered", "401", describe(a), a?.status === 401),
              control(id, phase, "wrong secret", "401", describe(b), b?.status === 401),
            ];
            // Before: a fresh delivery twice. After: a delivery the last timed block processed, again.
            const d = phase === "before" ? spare(4) : (pool[0] as Delivery);
            const r1 = phase === "before" ? await h(req(d)) : undefined;
            const r2 = await h(req(d));
            const ok1 = r1 === undefined || processed(r1);
            const got = `${r1 ? `${describe(r1)}, then ` : ""}${describe(r2)}`;
            out.push(control(id, phase, "duplicate", `200 ${duplicateExpected}`, got, ok1 && r2?.status === 200 && r2.body === duplicateExpected));
            return out;
          },
        },
      };
    },
  };
}

const githubName = (p: BenchPayload) => (p.event.includes(".") ? p.event.slice(0, p.event.indexOf(".")) : p.event);

/** `@octokit/webhooks` verifyAndReceive with a no-op handler (it has no dedupe). */
const octokit: ImplEntry = {
  id: "octokit",
  label: "@octokit/webhooks verifyAndReceive",
  async setup({ payload, pool, spare }) {
    const webhooks = new Webhooks({ secret: SECRET });
    let calls = 0;
    (webhooks.on as (name: string, fn: () => void) => void)(githubName(payload), () => void calls++);
    const name = githubName(payload) as Parameters<typeof webhooks.verifyAndReceive>[0]["name"];
    const bytes = pool.map((d) => d.bytes);
    const sigs = pool.map((d) => githubSignature(d.bytes));
    const ids = pool.map((d) => d.id);
    let before = 0;
    const refused = async (body: Buffer, signature: string) => {
      try {
        await webhooks.verifyAndReceive({ id: "control", name, payload: body.toString("utf8"), signature });
        return "accepted";
      } catch {
        return "rejected";
      }
    };
    return {
      impl: {
        id: "octokit",
        prepare: () => void (before = calls),
        async run() {
          let ok = 0;
          for (let i = 0; i < bytes.length; i++) {
            try {
              // It takes a string: decoding the received bytes is part of its work (its middleware does it).
              await webhooks.verifyAndReceive({ id: ids[i] as string, name, payload: (bytes[i] as Buffer).toString("utf8"), signature: sigs[i] as string });
              ok++;
            } catch {
              /* counted as unexpected by the caller */
            }
          }
          return ok;
        },
        verify: () => (calls - before === bytes.length ? undefined : `octokit: handler ran ${calls - before} times for ${bytes.length} deliveries`),
        async controls(phase) {
          const t = spare(2);
          const w = spare(3);
          const a = await refused(tampered(t), githubSignature(t.bytes));
          const b = await refused(w.bytes, githubSignature(w.bytes, WRONG_SECRET));
          return [control("octokit", phase, "tampered", "rejected", a, a === "rejected"), control("octokit", phase, "wrong secret", "rejected", b, b === "rejected")];
        },
      },
    };
  },
};

/** stripe's `webhooks.constructEvent` (verify + parse), header from its own test helper. */
const stripeImpl: ImplEntry = {
  id: "stripe",
  label: "stripe webhooks.constructEvent",
  async setup({ pool, spare, nowSec }) {
    const stripe = new Stripe("sk_test_bench");
    const bytes = pool.map((d) => d.bytes);
    const sigs = pool.map((d) => stripeSignature(d.text, nowSec));
    const refused = (body: Buffer, header: string) => {
      try {
        stripe.webhooks.constructEvent(body, header, SECRET);
        return "accepted";
      } catch {
        return "rejected";
      }
    };
    return {
      impl: {
        id: "stripe",
        prepare() {},
        run: () => countAccepted(bytes.length, (i) => stripe.webhooks.constructEvent(bytes[i] as Buffer, sigs[i] as string, SECRET)),
        verify: () => undefined,
        controls: async (phase) =>
          rejectionControls("stripe", phase, spare, (t) => refused(tampered(t), stripeSignature(t.text, nowSec)), (w) => refused(w.bytes, stripeSignature(w.text, nowSec, WRONG_SECRET))),
      },
    };
  },
};

/** Runs `n` verifications, counting those that returned an object (a throw is a refusal). */
function countAccepted(n: number, verifyOne: (i: number) => unknown): number {
  let ok = 0;
  for (let i = 0; i < n; i++) {
    try {
      const v = verifyOne(i);
      if (typeof v === "object" && v !== null) ok++;
    } catch {
      /* counted as not accepted */
    }
  }
  return ok;
}

/** The tampered and wrong-secret controls of an implementation whose verdict is "accepted" | "rejected". */
function rejectionControls(
  id: string,
  phase: Phase,
  spare: (n: number) => Delivery,
  tamperedVerdict: (d: Delivery) => string,
  wrongSecretVerdict: (d: Delivery) => string,
): Control[] {
  const a = tamperedVerdict(spare(2));
  const b = wrongSecretVerdict(spare(3));
  return [control(id, phase, "tampered", "rejected", a, a === "rejected"), control(id, phase, "wrong secret", "rejected", b, b === "rejected")];
}

type StandardCtor = new (secret: string) => { sign(id: string, d: Date, p: string): string; verify(p: Buffer, h: Record<string, string>): unknown };

/** Standard Webhooks-style verifiers (standardwebhooks, svix): their own id/timestamp/signature headers. */
function standardLike(id: string, label: string, Ctor: StandardCtor, prefix: string): ImplEntry {
  return {
    id,
    label,
    async setup({ pool, spare, nowSec }) {
      const wh = new Ctor(WHSEC);
      const wrong = new Ctor(`whsec_${Buffer.from(WRONG_SECRET).toString("base64")}`);
      const at = new Date(nowSec * 1000);
      const headersOf = (d: Delivery, signer = wh) => ({ [`${prefix}-id`]: d.id, [`${prefix}-timestamp`]: String(nowSec), [`${prefix}-signature`]: signer.sign(d.id, at, d.text) });
      const bytes = pool.map((d) => d.bytes);
      const headers = pool.map((d) => headersOf(d));
      const refused = (body: Buffer, h: Record<string, string>) => {
        try {
          wh.verify(body, h);
          return "accepted";
        } catch {
          return "rejected";
        }
      };
      return {
        impl: {
          id,
          prepare() {},
          run: () => countAccepted(bytes.length, (i) => wh.verify(bytes[i] as Buffer, headers[i] as Record<string, string>)),
          verify: () => undefined,
          controls: async (phase) => rejectionControls(id, phase, spare, (t) => refused(tampered(t), headersOf(t)), (w) => refused(w.bytes, headersOf(w, wrong))),
        },
      };
    },
  };
}

/** Every implementation by id; comparisons (lib/comparisons.ts) pick from these. */
export const IMPLS: readonly ImplEntry[] = [
  floor,
  ours("off"),
  ours("lenient"),
  ours("strict"),
  ours("off", true),
  octokit,
  stripeImpl,
  standardLike("standardwebhooks", "standardwebhooks verify", StandardWebhook, "webhook"),
  standardLike("svix", "svix verify", SvixWebhook as unknown as StandardCtor, "svix"),
];

export function implEntry(id: string): ImplEntry {
  const e = IMPLS.find((x) => x.id === id);
  if (!e) throw new Error(`unknown implementation ${id}`);
  return e;
}
