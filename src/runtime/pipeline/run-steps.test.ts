import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPromiseLike } from "../maybe-promise.js";
import { whenReady, runSteps, runStepsThen, type Step } from "./run-steps.js";

type Log = string[];

const sync = (name: string, value?: string): Step<Log, string> => (log) => {
  log.push(name);
  return value;
};
const async = (name: string, value?: string): Step<Log, string> => (log) => {
  log.push(name);
  return Promise.resolve(value);
};

describe("runSteps", () => {
  it("returns `done` as a plain value, not a thenable, when every step is synchronous and goes on", () => {
    const log: Log = [];
    const result = runSteps([sync("a"), sync("b"), sync("c")], log, "done");
    expect(isPromiseLike(result)).toBe(false);
    expect(result).toBe("done");
    expect(log).toEqual(["a", "b", "c"]);
  });

  it("returns `done` for no steps at all", () => {
    expect(runSteps<Log, string>([], [], "done")).toBe("done");
  });

  it("stops at the first synchronous step that answers, as a plain value; later steps do not run", () => {
    const log: Log = [];
    const result = runSteps([sync("a"), sync("b", "stop-b"), sync("c", "stop-c"), async("d")], log, "done");
    expect(isPromiseLike(result)).toBe(false);
    expect(result).toBe("stop-b");
    expect(log).toEqual(["a", "b"]);
  });

  it("treats null (and other falsy values) as an answer: only undefined goes on", async () => {
    const log: string[] = [];
    const steps: Step<string[], string | null | number | boolean>[] = [(l) => void l.push("a"), (l) => (l.push("b"), null), (l) => void l.push("c")];
    expect(runSteps(steps, log, "done")).toBeNull();
    expect(log).toEqual(["a", "b"]);
    expect(runSteps<string[], number | string>([() => 0], [], "done")).toBe(0);
    expect(runSteps<string[], boolean | string>([() => false], [], "done")).toBe(false);
    expect(runSteps<string[], string>([() => ""], [], "done")).toBe("");
    expect(await runSteps<string[], number | string>([() => Promise.resolve(0)], [], "done")).toBe(0);
  });

  it("continues after a thenable, in order, and answers a promise", async () => {
    const log: Log = [];
    const result = runSteps([sync("a"), async("b"), sync("c"), async("d"), sync("e")], log, "done");
    expect(isPromiseLike(result)).toBe(true);
    expect(log).toEqual(["a", "b"]); // nothing after the thenable runs before it settles
    expect(await result).toBe("done");
    expect(log).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("stops at an asynchronous answer, and at a synchronous answer after a thenable", async () => {
    const log1: Log = [];
    expect(await runSteps([async("a"), async("b", "stop-b"), sync("c")], log1, "done")).toBe("stop-b");
    expect(log1).toEqual(["a", "b"]);
    const log2: Log = [];
    expect(await runSteps([async("a"), sync("b", "stop-b"), sync("c")], log2, "done")).toBe("stop-b");
    expect(log2).toEqual(["a", "b"]);
    const log3: Log = [];
    expect(await runSteps([sync("a"), async("b", "first")], log3, "done")).toBe("first");
  });

  it("awaits any thenable, not only native promises", async () => {
    const thenable: PromiseLike<string | undefined> = { then: (ok) => Promise.resolve(ok?.("from-thenable")) as never };
    const log: Log = [];
    const result = runSteps([sync("a"), () => thenable, sync("c")], log, "done");
    expect(isPromiseLike(result)).toBe(true);
    expect(await result).toBe("from-thenable");
    expect(log).toEqual(["a"]);
  });

  it("lets a synchronous throw propagate synchronously, before later steps", () => {
    const log: Log = [];
    const boom: Step<Log, string> = () => {
      throw new Error("boom");
    };
    expect(() => runSteps([sync("a"), boom, sync("c")], log, "done")).toThrow("boom");
    expect(log).toEqual(["a"]);
  });

  it("turns a throw after a thenable into a rejection", async () => {
    const log: Log = [];
    const boom: Step<Log, string> = () => {
      throw new Error("late boom");
    };
    await expect(runSteps([async("a"), boom, sync("c")], log, "done")).rejects.toThrow("late boom");
    expect(log).toEqual(["a"]);
  });

  it("propagates an asynchronous rejection; later steps do not run", async () => {
    const log: Log = [];
    const rejects: Step<Log, string> = (l) => {
      l.push("r");
      return Promise.reject(new Error("rejected"));
    };
    await expect(runSteps([sync("a"), rejects, sync("c")], log, "done")).rejects.toThrow("rejected");
    await expect(runSteps([async("x"), rejects, sync("c")], log, "done")).rejects.toThrow("rejected");
    expect(log).toEqual(["a", "r", "x", "r"]);
  });

  it("passes the same state to every step", async () => {
    const state = { seen: [] as unknown[] };
    const step: Step<typeof state, string> = (s) => void s.seen.push(s);
    await runSteps([step, () => Promise.resolve(undefined), step], state, "done");
    expect(state.seen).toEqual([state, state]);
  });

  it("property: answers the first non-undefined value (else done) after running exactly the steps up to it", async () => {
    const stepSpec = fc.record({ isAsync: fc.boolean(), value: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }) });
    await fc.assert(
      fc.asyncProperty(fc.array(stepSpec, { maxLength: 12 }), async (specs) => {
        const ran: number[] = [];
        const steps: Step<number[], number | "done">[] = specs.map((spec, i) => (log) => {
          log.push(i);
          return spec.isAsync ? Promise.resolve(spec.value) : spec.value;
        });
        const result = runSteps(steps, ran, "done");

        // The reference: a plain loop.
        const stopAt = specs.findIndex((s) => s.value !== undefined);
        const expectedValue = stopAt === -1 ? "done" : specs[stopAt]!.value;
        const expectedRun = stopAt === -1 ? specs.length : stopAt + 1;
        const suspends = specs.slice(0, expectedRun).some((s) => s.isAsync);

        expect(isPromiseLike(result)).toBe(suspends);
        expect(await result).toBe(expectedValue);
        expect(ran).toEqual([...Array(expectedRun).keys()]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("whenReady", () => {
  const fail = (error: unknown): number | string => `failed: ${String(error)}`;

  it("calls onValue synchronously on a plain value", () => {
    const result = whenReady<number, number | string>(2, (n) => n * 10, fail);
    expect(isPromiseLike(result)).toBe(false);
    expect(result).toBe(20);
  });

  it("routes a thenable's value to onValue and its rejection to onError", async () => {
    const ok = whenReady<number, number | string>(Promise.resolve(2), (n) => n * 10, fail);
    expect(isPromiseLike(ok)).toBe(true);
    expect(await ok).toBe(20);
    expect(await whenReady<number, number | string>(Promise.reject(new Error("x")), (n) => n, fail)).toBe("failed: Error: x");
  });
});

describe("runStepsThen", () => {
  const finish = (r: string) => `finished ${r}`;
  const fail = (e: unknown) => `failed ${(e as Error).message}`;
  const throwing = (name: string): Step<Log, string> => (log) => {
    log.push(name);
    throw new Error(name);
  };

  it("finishes synchronously when no step suspends, with the answer or `done`", () => {
    expect(runStepsThen([sync("a"), sync("b", "stop")], [], "done", finish, fail)).toBe("finished stop");
    expect(runStepsThen([sync("a")], [], "done", finish, fail)).toBe("finished done");
  });

  it("finishes in the runner's continuation after a suspension, and routes a later throw or rejection to `fail`", async () => {
    const log: Log = [];
    const finished = runStepsThen([sync("a"), async("b"), sync("c", "stop"), sync("d")], log, "done", finish, fail);
    expect(isPromiseLike(finished)).toBe(true);
    expect(await finished).toBe("finished stop");
    expect(log).toEqual(["a", "b", "c"]);
    expect(await runStepsThen([async("a"), throwing("b"), sync("c")], [], "done", finish, fail)).toBe("failed b");
    const rejecting: Step<Log, string> = () => Promise.reject(new Error("store down"));
    expect(await runStepsThen([rejecting], [], "done", finish, fail)).toBe("failed store down");
  });

  it("leaves a synchronous throw before any suspension to the caller", () => {
    expect(() => runStepsThen([throwing("a")], [], "done", finish, fail)).toThrow("a");
  });
});
