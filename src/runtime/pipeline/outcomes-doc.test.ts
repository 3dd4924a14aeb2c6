/**
 * docs/deployment.md's "What each failure returns" table, parsed and compared with the outcome
 * table itself, so the page cannot drift from `OUTCOMES`: every outcome has a row, and each row's
 * status, Retry-After, Connection, fixed body and dead-letter columns say what the table does.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { answerFor, OUTCOMES, type Outcome, type OutcomeDetails } from "./outcomes.js";

const page = readFileSync(new URL("../../../docs/deployment.md", import.meta.url), "utf8");

interface DocRow {
  readonly status: string;
  readonly retryAfter: string;
  readonly connection: string;
  readonly body: string;
  readonly recorded: string;
}

/** The rows between the page's outcomes markers, by outcome name. */
function docRows(): Map<string, DocRow> {
  const start = page.indexOf("<!-- outcomes:start -->");
  const end = page.indexOf("<!-- outcomes:end -->");
  expect(start, "outcomes:start marker").toBeGreaterThan(-1);
  expect(end, "outcomes:end marker").toBeGreaterThan(start);
  const rows = new Map<string, DocRow>();
  for (const line of page.slice(start, end).split("\n")) {
    const cells = line.split("|").slice(1, -1).map((c) => c.trim());
    const name = /^`([a-z_]+)`$/.exec(cells[0] ?? "")?.[1];
    if (name === undefined || cells.length !== 7) continue;
    expect(rows.has(name), `${name} listed twice`).toBe(false);
    rows.set(name, { status: cells[2]!, retryAfter: cells[3]!, connection: cells[4]!, body: cells[5]!, recorded: cells[6]! });
  }
  return rows;
}

const details = (over: Partial<OutcomeDetails> = {}): OutcomeDetails => ({ retryAfterMs: 7000, body: undefined, invalidStatus: 202, ...over });
const ALL = Object.keys(OUTCOMES) as Outcome[];
const rows = docRows();

describe("docs/deployment.md's failure table", () => {
  it("lists exactly the outcomes of OUTCOMES", () => {
    expect([...rows.keys()].sort()).toEqual([...ALL].sort());
  });

  it.each(ALL)("%s: status, Retry-After, Connection, body and record as OUTCOMES answers", (outcome) => {
    const row = rows.get(outcome);
    expect(row, `no row for ${outcome}`).toBeDefined();
    const rule = OUTCOMES[outcome];
    // Status: every status the outcome can answer (the invalid status is per webhook) is named, nothing else.
    const statuses = new Set([202, 422].map((s) => answerFor(outcome, details({ invalidStatus: s as 202 | 422 })).status));
    expect(new Set((row!.status.match(/\b\d{3}\b/g) ?? []).map(Number))).toEqual(statuses);
    // Retry-After: "—" when absent, the number when fixed, words when it follows the delivery (rate limits).
    const early = answerFor(outcome, details({ retryAfterMs: 1000 })).headers["retry-after"];
    const late = answerFor(outcome, details({ retryAfterMs: 9000 })).headers["retry-after"];
    if (early === undefined) expect(row!.retryAfter).toBe("—");
    else if (early === late) expect(row!.retryAfter).toBe(early);
    else expect(row!.retryAfter).not.toMatch(/^(—|\d+)$/);
    expect(row!.connection).toBe(answerFor(outcome, details()).headers.connection ?? "—");
    // A fixed body is quoted exactly; a varying one (handler results, handshakes) is described.
    if (typeof rule.answer !== "function") expect(row!.body).toContain(`\`${rule.answer.body}\``);
    // Recorded: the dead-letter reason, and the outcome answered when it cannot be written.
    const reason = /dead letter `([a-z_]+)`/.exec(row!.recorded)?.[1];
    expect(reason).toBe(rule.deadLetter);
    const fallback = /else `([a-z_]+)`/.exec(row!.recorded)?.[1];
    expect(fallback).toBe(rule.unrecorded);
  });
});
