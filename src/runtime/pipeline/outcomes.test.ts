import { describe, expect, it } from "vitest";
import { answerFor, CLAIM_RETRY_AFTER, OUTCOMES, type Outcome, type OutcomeDetails } from "./outcomes.js";

const details = (over: Partial<OutcomeDetails> = {}): OutcomeDetails => ({
  retryAfterMs: 0,
  body: undefined,
  invalidStatus: 202,
  ...over,
});

/**
 * The contract of docs/ARCHITECTURE.md, spelled out: changing a status code or a body is a
 * change of this map.
 */
const EXPECTED: { readonly [O in Outcome]: { readonly status: number; readonly body: unknown } } = {
  method_not_allowed: { status: 405, body: { error: "method not allowed" } },
  misconfigured: { status: 500, body: { error: "webhook misconfigured" } },
  ip_forbidden: { status: 403, body: { error: "forbidden" } },
  too_many_failures: { status: 429, body: { error: "too many requests" } },
  too_large: { status: 413, body: { error: "payload too large" } },
  body_timeout: { status: 408, body: { error: "request body timeout" } },
  body_unreadable: { status: 400, body: { error: "invalid body" } },
  raw_body_unavailable: { status: 500, body: { error: "internal error" } },
  invalid_signature: { status: 401, body: { error: "invalid signature" } },
  rate_limited: { status: 429, body: { error: "too many requests" } },
  bad_body: { status: 400, body: { error: "invalid body" } },
  handshake: { status: 200, body: {} },
  unsubscribed: { status: 200, body: { status: "ignored" } },
  unknown_event_type: { status: 200, body: { status: "ignored" } },
  invalid_payload: { status: 202, body: { status: "invalid" } },
  no_handler: { status: 200, body: { status: "ignored" } },
  duplicate: { status: 200, body: { status: "duplicate" } },
  in_flight: { status: 409, body: { error: "delivery in progress" } },
  dedupe_unavailable: { status: 503, body: { error: "temporarily unavailable" } },
  stale: { status: 200, body: { status: "stale" } },
  ordering_unavailable: { status: 503, body: { error: "temporarily unavailable" } },
  dead_letter_unavailable: { status: 503, body: { error: "temporarily unavailable" } },
  shutting_down: { status: 503, body: { error: "shutting down" } },
  queued: { status: 200, body: { status: "queued" } },
  queue_unavailable: { status: 503, body: { error: "temporarily unavailable" } },
  handler_failed: { status: 500, body: { error: "handler failed" } },
  internal_error: { status: 500, body: { error: "internal error" } },
  processed: { status: 200, body: { status: "processed" } },
};

const ALL = Object.keys(EXPECTED) as Outcome[];

describe("the outcome table", () => {
  it("has exactly the outcomes of the contract", () => {
    expect(Object.keys(OUTCOMES).sort()).toEqual([...ALL].sort());
  });

  it("answers each outcome with the contract's status and body", () => {
    const actual = Object.fromEntries(
      ALL.map((o) => {
        const res = answerFor(o, details());
        return [o, { status: res.status, body: JSON.parse(res.body) as unknown }];
      }),
    );
    expect(actual).toEqual(EXPECTED);
  });

  it("answers every outcome as JSON", () => {
    for (const o of ALL) expect(answerFor(o, details()).headers["content-type"], o).toBe("application/json");
  });

  it("marks exactly the four undispatched-but-verified outcomes as dead letters, each under its own name", () => {
    const marked = Object.fromEntries(ALL.filter((o) => OUTCOMES[o].deadLetter !== undefined).map((o) => [o, OUTCOMES[o].deadLetter]));
    expect(marked).toEqual({ unknown_event_type: "unknown_event_type", invalid_payload: "invalid_payload", no_handler: "no_handler", stale: "stale" });
  });

  it("answers 2xx for every dead-letter outcome (with the default invalid status 202)", () => {
    for (const o of ALL.filter((o) => OUTCOMES[o].deadLetter !== undefined)) {
      const { status } = answerFor(o, details({ invalidStatus: 202 }));
      expect(status >= 200 && status < 300, `${o} → ${status}`).toBe(true);
    }
  });

  it("leaves a dead letter behind every 2xx that was not processed, except the ones the user chose (docs/ARCHITECTURE.md)", () => {
    // `queued`'s record is the job itself: the queue reports it only once Redis stored it (docs/queue.md).
    const exempt = new Set<Outcome>(["processed", "duplicate", "handshake", "unsubscribed", "queued"]);
    for (const o of ALL) {
      const { status } = answerFor(o, details());
      if (status >= 200 && status < 300 && !exempt.has(o)) expect(OUTCOMES[o].deadLetter, o).toBeDefined();
    }
  });

  it("answers invalid payloads with the webhook's invalid status", () => {
    expect(answerFor("invalid_payload", details({ invalidStatus: 202 })).status).toBe(202);
    expect(answerFor("invalid_payload", details({ invalidStatus: 422 }))).toEqual({
      status: 422,
      headers: { "content-type": "application/json" },
      body: '{"status":"invalid"}',
    });
  });

  it("tells rate-limited clients when to retry, in whole seconds rounded up (at least 1, at most an hour)", () => {
    for (const o of ["rate_limited", "too_many_failures"] as const) {
      expect(answerFor(o, details({ retryAfterMs: 1500 })).headers["retry-after"]).toBe("2");
      expect(answerFor(o, details({ retryAfterMs: 3000 })).headers["retry-after"]).toBe("3");
      expect(answerFor(o, details({ retryAfterMs: 1 })).headers["retry-after"]).toBe("1");
      expect(answerFor(o, details({ retryAfterMs: 0 })).headers["retry-after"]).toBe("1");
      expect(answerFor(o, details({ retryAfterMs: Number.POSITIVE_INFINITY })).headers["retry-after"]).toBe("3600");
    }
  });

  it("tells the provider to retry a delivery in flight or unclaimable after 5 s", () => {
    expect(CLAIM_RETRY_AFTER).toBe("5");
    expect(answerFor("in_flight", details()).headers["retry-after"]).toBe("5");
    expect(answerFor("dedupe_unavailable", details()).headers["retry-after"]).toBe("5");
    expect(answerFor("ordering_unavailable", details()).headers["retry-after"]).toBe("5");
  });

  it("sends retry-after only on rate limits, in_flight, the store- and queue-unavailable outcomes and shutting down", () => {
    const withRetry = ALL.filter((o) => answerFor(o, details({ retryAfterMs: 2000 })).headers["retry-after"] !== undefined);
    expect(withRetry.sort()).toEqual(["dead_letter_unavailable", "dedupe_unavailable", "in_flight", "ordering_unavailable", "queue_unavailable", "rate_limited", "shutting_down", "too_many_failures"]);
  });

  it("closes the connection exactly on 413 and 408 (the rest of the upload is unread) and when shutting down", () => {
    const closing = ALL.filter((o) => answerFor(o, details()).headers.connection !== undefined);
    expect(closing.sort()).toEqual(["body_timeout", "shutting_down", "too_large"]);
    expect(answerFor("too_large", details()).headers.connection).toBe("close");
    expect(answerFor("body_timeout", details()).headers.connection).toBe("close");
  });

  it("names the allowed method on 405", () => {
    expect(answerFor("method_not_allowed", details()).headers.allow).toBe("POST");
  });

  it("answers processed with the handler's body when there is one", () => {
    expect(answerFor("processed", details({ body: '{"ok":true}' }))).toEqual({
      status: 200,
      headers: { "content-type": "application/json" },
      body: '{"ok":true}',
    });
    expect(answerFor("processed", details({ body: undefined })).body).toBe('{"status":"processed"}');
  });

  it("answers a handshake with its reply, or {} without one", () => {
    expect(answerFor("handshake", details({ body: '{"challenge":"c"}' }))).toEqual({
      status: 200,
      headers: { "content-type": "application/json" },
      body: '{"challenge":"c"}',
    });
    expect(answerFor("handshake", details()).body).toBe("{}");
  });

  it("ignores a body for outcomes whose answer is fixed", () => {
    expect(answerFor("duplicate", details({ body: '{"x":1}' })).body).toBe('{"status":"duplicate"}');
    expect(answerFor("handler_failed", details({ body: '{"x":1}' })).body).toBe('{"error":"handler failed"}');
  });
});
