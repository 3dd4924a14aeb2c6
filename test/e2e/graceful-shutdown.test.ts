/**
 * SIGTERM during load: an instance drains (new deliveries 503 + Retry-After, in-flight ones
 * finish and are answered), then exits; every delivery not answered 2xx is redelivered to a
 * second instance, as a provider would. Nothing is lost and nothing runs twice.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { sign } from "@octokit/webhooks-methods";
import { describe, expect, it } from "vitest";
import { SECRETS } from "../fixtures/definitions.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

interface Instance {
  readonly child: ChildProcess;
  readonly port: number;
  readonly handled: string[];
  readonly exited: Promise<{ code: number | null; drained: string | undefined }>;
}

async function startInstance(handlerMs: number): Promise<Instance> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/e2e/shutdown/server.ts", String(handlerMs)], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  const handled: string[] = [];
  let drained: string | undefined;
  let buffer = "";
  const ready = new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let nl: number;
      while ((nl = buffer.indexOf("\n")) !== -1) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.startsWith("READY ")) resolve(Number(line.slice(6)));
        else if (line.startsWith("HANDLED ")) handled.push(line.slice(8));
        else if (line.startsWith("DRAINED ")) drained = line.slice(8);
      }
    });
    child.once("exit", () => reject(new Error("instance exited before READY")));
  });
  const exited = new Promise<{ code: number | null; drained: string | undefined }>((resolve) => child.once("exit", (code) => resolve({ code, drained })));
  return { child, port: await ready, handled, exited };
}

interface Answer {
  readonly id: string;
  readonly status: number | "refused";
  readonly retryAfter?: string | undefined;
}

/** One signed GitHub delivery; a refused or reset connection counts as not delivered. */
async function deliver(port: number, id: string): Promise<Answer> {
  const body = JSON.stringify({ ref: "refs/heads/main", delivery: id });
  const signature = await sign(SECRETS.github, body);
  return new Promise((resolve) => {
    const req = request(
      { host: "127.0.0.1", port, path: "/webhooks/github", method: "POST", agent: false, headers: { "content-type": "application/json", "x-github-event": "push", "x-github-delivery": id, "x-hub-signature-256": signature } },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ id, status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"] as string | undefined }));
      },
    );
    req.on("error", () => resolve({ id, status: "refused" }));
    req.end(body);
  });
}

describe("graceful shutdown under load", () => {
  it("SIGTERM mid-load: 503 + Retry-After for new deliveries, in-flight ones finish; 0 lost, 0 run twice", async () => {
    const ids = Array.from({ length: 300 }, () => randomUUID());
    const first = await startInstance(150);
    const answers: Answer[] = [];
    let next = 0;
    let signalled = false;
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const id = ids[next++]!;
        answers.push(await deliver(first.port, id));
        if (!signalled && answers.length >= 60) {
          signalled = true;
          first.child.kill("SIGTERM");
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    const exit = await first.exited;
    expect(exit.code).toBe(0);
    expect(JSON.parse(exit.drained ?? "{}")).toMatchObject({ abandoned: 0 });

    const ok = answers.filter((a) => a.status === 200).map((a) => a.id);
    const shuttingDown = answers.filter((a) => a.status === 503);
    console.info(`first instance: ${ok.length} processed, ${shuttingDown.length} × 503, ${answers.filter((a) => a.status === "refused").length} refused after close`);
    // The test is only meaningful if the signal landed mid-load, with deliveries in flight.
    expect(ok.length).toBeGreaterThanOrEqual(60);
    expect(ok.length).toBeLessThan(ids.length);
    expect(answers.every((a) => a.status === 200 || a.status === 503 || a.status === "refused")).toBe(true);
    expect(shuttingDown.every((a) => a.retryAfter === "5")).toBe(true);
    // Answered 2xx ⇔ handled, each once.
    expect([...first.handled].sort()).toEqual([...ok].sort());

    // The provider retries what was not acknowledged; another instance takes it.
    const second = await startInstance(0);
    const retried = answers.filter((a) => a.status !== 200).map((a) => a.id);
    const again = await Promise.all(retried.map((id) => deliver(second.port, id)));
    expect(again.every((a) => a.status === 200)).toBe(true);
    second.child.kill("SIGTERM");
    await second.exited;
    const all = [...first.handled, ...second.handled];
    expect(all).toHaveLength(ids.length);
    expect(new Set(all)).toEqual(new Set(ids));
  }, 60_000);
});
