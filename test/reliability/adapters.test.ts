/**
 * The bad-input table (bad-inputs.ts) over real HTTP on 127.0.0.1 against every adapter. Each
 * case checks the exact answer, that no handler ran (or ran exactly once where the table says
 * why), and that the same server still processes a valid delivery right after.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Setup } from "../e2e/adapters/cases.js";
import { BAD_INPUTS, type Attempt } from "./bad-inputs.js";
import { reliabilitySetup, send, sendRaw, stripeBody, stripeWire, type Answer } from "./deliveries.js";
import { ADAPTERS, type Running } from "./servers.js";

async function deliver(base: string, wire: Attempt["wire"]): Promise<Answer> {
  if ("raw" in wire) {
    const { status, response } = await sendRaw(base, wire.raw);
    return { status, body: response.slice(response.indexOf("\r\n\r\n") + 4) };
  }
  return send(base, wire);
}

const json = (text: string): unknown => (text === "" ? undefined : JSON.parse(text));

for (const [framework, start] of Object.entries(ADAPTERS)) {
  describe(`${framework}: every bad input`, () => {
    let s: Setup;
    let server: Running;
    beforeAll(async () => {
      s = reliabilitySetup();
      server = await start(s);
    });
    afterAll(() => server?.close());

    for (const input of BAD_INPUTS) {
      it(input.name, async () => {
        const attempt = await input.build();
        if (attempt.prime !== undefined) {
          const primed = await send(server.base, attempt.prime);
          expect([primed.status, json(primed.body)]).toEqual([200, { status: "processed" }]);
        }
        const before = s.calls.length;
        const answer = await deliver(server.base, attempt.wire);
        const expected = framework === "fastify" && input.expect.fastify !== undefined ? input.expect.fastify : input.expect.json;
        expect([answer.status, json(answer.body)]).toEqual([input.expect.status, expected]);
        const caused = s.calls.slice(before);
        expect(caused).toHaveLength(input.handled ?? 0);
        input.check?.(caused);

        // The server survived: a valid delivery right after is processed.
        const payload = stripeBody();
        const after = await send(server.base, stripeWire(payload));
        expect([after.status, json(after.body)]).toEqual([200, { status: "processed" }]);
        expect(s.calls.slice(before + caused.length).map((e) => Buffer.from(e.rawBody).toString())).toEqual([payload]);
      });
    }
  });
}
