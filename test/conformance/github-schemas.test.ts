/**
 * Conformance: every real payload in @octokit/webhooks-examples whose event is in our GitHub
 * catalog validates against schemas/github (Ajv 2020, refs resolved through the folder's files),
 * except an exact, reviewed list of known exceptions.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { importGitHubSchemas } from "../../scripts/import-github-schemas.js";
import { compileFolder, contractProblems, errorSignatures, readSchemaFolder, repoRoot } from "./schema-folder.js";

const require = createRequire(import.meta.url);

interface ExampleDefinition {
  name: string;
  examples: Array<Record<string, unknown>>;
}
const definitions = JSON.parse(
  readFileSync(require.resolve("@octokit/webhooks-examples/api.github.com/index.json"), "utf8"),
) as ExampleDefinition[];

const folder = readSchemaFolder("github");
const compiled = compileFolder(folder);

/** `<example list name>[<index>]` → event name, for every example whose event is in the catalog. */
const examples: Array<{ id: string; event: string; payload: Record<string, unknown> }> = [];
const outsideCatalog: string[] = [];
for (const definition of definitions) {
  definition.examples.forEach((payload, index) => {
    const withAction = typeof payload.action === "string" ? `${definition.name}.${payload.action}` : definition.name;
    // As the pipeline does: the bare name when the action is not part of the catalog (repository_dispatch).
    const event = folder.events.has(withAction) ? withAction : definition.name;
    const id = `${definition.name}[${index}]`;
    if (folder.events.has(event)) examples.push({ id, event, payload });
    else outsideCatalog.push(`${id} ${withAction}`);
  });
}

/**
 * Known exceptions: example payloads that fail GitHub's own (official) schema, kept in a committed
 * report (`reports/github-schema-exceptions.json`, rewritten with UPDATE_REPORTS=1) so that any
 * change is visible in review. Most are older recordings made before GitHub added fields the
 * current description marks required (`repository.has_discussions`, `topics`, `visibility`,
 * `auto_merge`, `reactions`, …). The schemas are right for today's deliveries; the examples are
 * stale. Do not relax the schemas for these: lenient dispatches such drift (docs/validation.md).
 * Signatures: `<keyword>:<property>@<instance path>`.
 */
const EXCEPTIONS_REPORT = `${repoRoot}test/conformance/reports/github-schema-exceptions.json`;

describe("schemas/github", () => {
  it("is what scripts/import-github-schemas.ts produces (regenerate: npx tsx scripts/import-github-schemas.ts)", () => {
    const spec = JSON.parse(
      readFileSync(require.resolve("@octokit/openapi-webhooks/generated/api.github.com.json"), "utf8"),
    ) as Parameters<typeof importGitHubSchemas>[0];
    const { files, dropped } = importGitHubSchemas(spec);
    expect([...dropped.keys()]).toEqual([]);
    const onDisk = new Map<string, string>();
    for (const [name] of folder.events) onDisk.set(`events/${name}.json`, readFileSync(`${repoRoot}schemas/github/events/${name}.json`, "utf8"));
    for (const [name] of folder.defs) onDisk.set(`defs/${name}.json`, readFileSync(`${repoRoot}schemas/github/defs/${name}.json`, "utf8"));
    expect([...onDisk.keys()].sort()).toEqual([...files.keys()].sort());
    for (const [path, text] of files) expect(onDisk.get(path), path).toBe(text);
  });

  it("follows the schema folder contract (keyword subset, relative whole-file refs that exist)", () => {
    expect(contractProblems(folder)).toEqual([]);
    expect(folder.events.size).toBe(261); // every webhook of @octokit/openapi-webhooks
    for (const name of ["push", "ping", "issues.opened", "pull_request.opened", "pull_request.ready_for_review"]) {
      expect(folder.events.has(name), name).toBe(true);
    }
  });

  it("covers examples for the catalog, and every example maps to a catalog event", () => {
    expect(examples.length).toBe(329);
    expect(outsideCatalog).toEqual([]);
  });

  it("validates every example payload, except exactly the known exceptions", () => {
    const failures: Record<string, string[]> = {};
    for (const { id, event, payload } of examples) {
      const validate = compiled.validator(event);
      if (!validate(payload)) failures[id] = errorSignatures(validate);
    }
    const text = `${JSON.stringify(failures, Object.keys(failures).sort(), 2)}\n`;
    if (process.env["UPDATE_REPORTS"] === "1") writeFileSync(EXCEPTIONS_REPORT, text);
    expect(failures).toEqual(JSON.parse(readFileSync(EXCEPTIONS_REPORT, "utf8")) as Record<string, string[]>);
  });
});
