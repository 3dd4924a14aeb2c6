/**
 * The official Standard Webhooks libraries, `standardwebhooks` 1.1.1 and `svix` 1.99.1, as the
 * other side of the conformance tests (signing what we verify, verifying what we sign), and the
 * specification's published example.
 */
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import type { Delivery } from "./harness.js";

/** Which official library. */
export type Lib = "standardwebhooks" | "svix";

const webhook = (lib: Lib, secret: string) => (lib === "svix" ? new SvixWebhook(secret) : new StandardWebhook(secret));

/** The headers `lib`'s signer produces for `payload` as message `id` at `seconds` (Svix brands them svix-*). */
export function libHeaders(lib: Lib, secret: string, id: string, seconds: number, payload: string): Record<string, string> {
  const signature = webhook(lib, secret).sign(id, new Date(seconds * 1000), payload);
  return lib === "svix"
    ? { "svix-id": id, "svix-timestamp": String(seconds), "svix-signature": signature }
    : { "webhook-id": id, "webhook-timestamp": String(seconds), "webhook-signature": signature };
}

/** True when `lib` verifies `payload` with `headers` under `secret`, by its own clock. */
export function libAccepts(lib: Lib, secret: string, payload: string, headers: Readonly<Record<string, string>>): boolean {
  try {
    webhook(lib, secret).verify(payload, headers);
    return true;
  } catch {
    return false;
  }
}

const EXAMPLE_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/** The specification's published example (standardwebhooks.com, Svix docs): its secret, and the delivery signed with it, at its own time. */
export const PUBLISHED_EXAMPLE = {
  secret: EXAMPLE_SECRET,
  delivery: {
    body: '{"test": 2432232314}',
    headers: { "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330", "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" },
    secrets: [EXAMPLE_SECRET],
    now: 1614265330_000,
  },
} as const satisfies { secret: string; delivery: Delivery };
