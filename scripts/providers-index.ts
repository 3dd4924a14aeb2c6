/**
 * The table of built-in providers in docs/providers/README.md (between its `providers:start` /
 * `providers:end` markers), rendered from providers/<name>/webhook.yaml so the page cannot drift
 * from the specs. test/conformance/providers/index-doc.test.ts compares the two.
 *
 * Run: npx tsx scripts/providers-index.ts          # rewrite the table
 *      npx tsx scripts/providers-index.ts --check  # exit 1 when stale
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { schemeSummary, signatureHeaders } from "../src/cli/signature-summary.js";
import type { ProviderSpec } from "../src/manifest/types.js";

export const START = "<!-- providers:start -->";
export const END = "<!-- providers:end -->";
export const INDEX_PAGE = fileURLToPath(new URL("../docs/providers/README.md", import.meta.url));

/** One Markdown row per provider, sorted by name. */
export function renderProvidersTable(specs: readonly ProviderSpec[]): string {
  const rows = [
    "| provider | scheme | headers read | events | handshake | provider waits | retries |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const s of [...specs].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const handshake = s.handshake === undefined ? "—" : typeof s.handshake === "string" ? s.handshake : s.handshake.map((h) => h.kind).join(", ");
    const r = s.delivery?.retries;
    const retries = r === undefined ? "—" : [r.attempts === undefined ? undefined : `${r.attempts}×`, r.windowHours === undefined ? undefined : `over ${r.windowHours} h`, r.schedule].filter((x) => x !== undefined).join(", ");
    const cells = [
      `[${s.displayName}](${s.name}.md)`,
      schemeSummary(s.signature),
      signatureHeaders(s.signature).map((h) => `\`${h}\``).join(", ") || "—",
      String(Object.keys(s.schemas.events).length),
      handshake,
      s.delivery === undefined ? "—" : `${s.delivery.timeoutSeconds} s`,
      retries.replaceAll("|", "\\|"),
    ];
    rows.push(`| ${cells.join(" | ")} |`);
  }
  return rows.join("\n");
}

/** The page with its table replaced by `table`. */
export function withTable(page: string, table: string): string {
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/providers/README.md lacks the ${START} / ${END} markers`);
  return `${page.slice(0, start + START.length)}\n${table}\n${page.slice(end)}`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { builtinSpecs } = await import("../test/conformance/providers/builtin.js");
  const page = readFileSync(INDEX_PAGE, "utf8");
  const next = withTable(page, renderProvidersTable([...builtinSpecs().values()]));
  if (process.argv.includes("--check")) {
    if (next !== page) {
      console.error("docs/providers/README.md is stale: run npx tsx scripts/providers-index.ts");
      process.exit(1);
    }
  } else {
    writeFileSync(INDEX_PAGE, next);
    console.log(`wrote ${INDEX_PAGE}`);
  }
}
