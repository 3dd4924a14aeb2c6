import { describe, expect, it, vi } from "vitest";
import { stripeDefinition } from "../../../../test/fixtures/definitions.js";
import { isPromiseLike } from "../../maybe-promise.js";
import { BodyTimeoutError, BodyTooLargeError, RawBodyUnavailableError } from "../../types.js";
import { harness } from "../__fixtures__/harness.js";
import type { Outcome } from "../outcomes.js";
import { createRead } from "./read.js";

function setup(webhook = "small") {
  const h = harness(stripeDefinition, { bodyTimeoutMs: 1234 }, webhook);
  return { ...h, read: createRead(h.settings) };
}

const ERRORS: readonly (readonly [string, () => unknown, Outcome])[] = [
  ["BodyTooLargeError", () => new BodyTooLargeError(1024), "too_large"],
  ["BodyTimeoutError", () => new BodyTimeoutError(1234), "body_timeout"],
  ["RawBodyUnavailableError", () => new RawBodyUnavailableError("express.json() ran first"), "raw_body_unavailable"],
  ["a plain Error", () => new Error("aborted"), "body_unreadable"],
  ["a non-Error", () => "socket hang up", "body_unreadable"],
];

describe("read", () => {
  it("takes bytes handed over synchronously without suspending, passing the webhook's limit and the deadline", () => {
    const { read, delivery } = setup();
    const bytes = new TextEncoder().encode('{"id":"evt_1"}');
    const readBody = vi.fn(() => bytes);
    const d = delivery({ readBody });
    const result = read(d);
    expect(isPromiseLike(result)).toBe(false);
    expect(result).toBeUndefined();
    expect(d.rawBody).toBe(bytes);
    expect(readBody).toHaveBeenCalledExactlyOnceWith(1024, 1234);
  });

  it("awaits bytes that arrive asynchronously", async () => {
    const { read, delivery } = setup("default");
    const bytes = new TextEncoder().encode("later");
    const readBody = vi.fn(() => Promise.resolve(bytes));
    const d = delivery({ readBody });
    const result = read(d);
    expect(isPromiseLike(result)).toBe(true);
    expect(d.rawBody.byteLength).toBe(0); // not yet
    expect(await result).toBeUndefined();
    expect(d.rawBody).toBe(bytes);
    expect(readBody).toHaveBeenCalledExactlyOnceWith(1024 * 1024, 1234);
  });

  it("keeps an empty body as empty bytes", () => {
    const { read, delivery } = setup();
    const d = delivery({ body: "" });
    expect(read(d)).toBeUndefined();
    expect(d.rawBody).toEqual(new Uint8Array(0));
  });

  for (const [name, make, outcome] of ERRORS) {
    it(`maps ${name} to ${outcome}, thrown synchronously`, () => {
      const { read, delivery } = setup();
      const d = delivery({
        readBody: () => {
          throw make();
        },
      });
      expect(read(d)).toBe(outcome);
      expect(d.rawBody.byteLength).toBe(0);
    });

    it(`maps ${name} to ${outcome}, rejected asynchronously`, async () => {
      const { read, delivery } = setup();
      const d = delivery({ readBody: () => Promise.reject(make()) });
      const result = read(d);
      expect(isPromiseLike(result)).toBe(true);
      expect(await result).toBe(outcome);
      expect(d.rawBody.byteLength).toBe(0);
    });
  }

  it("logs a raw body someone else consumed as an error (a setup mistake), the rest only at debug level", () => {
    const { read, delivery, logger } = setup();
    const fail = (error: unknown) =>
      read(
        delivery({
          readBody: () => {
            throw error;
          },
        }),
      );
    fail(new RawBodyUnavailableError("express.json() ran first"));
    fail(new BodyTooLargeError(1024));
    fail(new BodyTimeoutError(1234));
    fail(new Error("aborted"));
    expect(logger.messages("error")).toEqual(["raw request body is unavailable: express.json() ran first"]);
    expect(logger.messages("debug")).toEqual([
      "rejected: body over limit",
      "rejected: body not received in time",
      "rejected: body could not be read: aborted",
    ]);
    expect(logger.lines.find((l) => l.message === "rejected: body over limit")!.fields).toEqual({ provider: "stripe", webhook: "small", limit: 1024 });
    expect(logger.lines.find((l) => l.message === "rejected: body not received in time")!.fields).toMatchObject({ timeoutMs: 1234 });
  });
});
