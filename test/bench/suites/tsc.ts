/**
 * What a generated catalog adds to a user's `tsc --noEmit`, beside what @octokit/webhooks's types
 * add to the same small project. Variants come from TSC_VARIANTS, compilers from COMPILERS.
 */
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runMeasured, type ChildRun } from "../lib/child.js";
import { packageVersion } from "../lib/env.js";
import { PATHS, ROOT } from "../lib/product.js";
import { fmtBytes, fmtMs, fmtSigned, summarize } from "../lib/stats.js";
import { mark, type Suite, type Table, type TargetCheck } from "../lib/suite.js";
import { writeSyntheticProvider } from "../lib/synthetic.js";

export const CATALOG_SIZES: readonly number[] = [50, 300, 1000];
/** The catalog size judged against @octokit/webhooks. */
const TARGET_SIZE = 300;

export interface Compiler {
  readonly id: string;
  readonly label: string;
  /** Command and args for `--noEmit -p <tsconfig>`, or the reason it is unavailable. */
  command(): { cmd: string; args: string[] } | string;
}

export const COMPILERS: readonly Compiler[] = [
  {
    id: "tsc",
    label: `typescript ${packageVersion("typescript") ?? "?"} (tsc)`,
    command: () => {
      const bin = join(ROOT, "node_modules/typescript/bin/tsc");
      return existsSync(bin) ? { cmd: process.execPath, args: [bin] } : "typescript not installed";
    },
  },
  {
    // typescript@7 is the native (Go) compiler; installed under the alias `typescript7` so that
    // node_modules/typescript stays 5.9 for the compiler API.
    id: "ts7",
    label: `typescript ${packageVersion("typescript7") ?? "7"} (native tsc)`,
    command: () => {
      const bin = join(ROOT, "node_modules/typescript7/bin/tsc");
      return existsSync(bin) ? { cmd: bin, args: [] } : "typescript7 (npm:typescript@7) is not installed";
    },
  },
];

const APP = `import { createServer } from "node:http";

export interface Health { readonly ok: boolean; readonly uptime: number }

export function health(): Health {
  return { ok: true, uptime: process.uptime() };
}

export const server = createServer((req, res) => {
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(req.url === "/health" ? health() : { error: "not found" }));
});
`;

export interface TscVariant {
  readonly id: string;
  readonly label: string;
  /** Extra files of the project; may call the CLI. Returns a reason when it cannot be built. */
  setup(dir: string): Promise<string | undefined>;
}

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const file = join(dir, rel);
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, text);
  }
}

async function generateInto(dir: string): Promise<string | undefined> {
  if (!existsSync(PATHS.cli)) return "src/cli/main.ts not available";
  const r = await runMeasured(process.execPath, ["--import", "tsx", PATHS.cli, "generate", "--cwd", dir, "--providers", "providers", "--out", "generated"], { cwd: ROOT });
  return r.code === 0 ? undefined : `generate exited ${r.code}: ${(r.stderr || r.stdout).trim().split("\n").slice(0, 2).join(" ")}`;
}

/** A user's handlers file: one typed handler for `event` that reads the string at `path` of its payload. */
function oneHandlerFile(processorArgs: string, event: string, name: string, path: string): string {
  return [
    `import { getWebhookRegistry } from "smart-api-integrations";`,
    `import "../generated/index.js";`,
    ``,
    `const processor = getWebhookRegistry().createProcessor(${processorArgs});`,
    `processor.on("${event}", async (event) => {`,
    `  const ${name}: string = event.payload.${path};`,
    `  return { status: "processed", ${name} };`,
    `});`,
    ``,
  ].join("\n");
}

export const TSC_VARIANTS: readonly TscVariant[] = [
  { id: "base", label: "small project (node:http app, @types/node)", setup: async () => undefined },
  {
    id: "runtime",
    label: "+ smart-api-integrations runtime, no catalog",
    setup: async (dir) => {
      if (!existsSync(PATHS.runtime)) return "src/runtime/index.ts not available";
      writeFiles(dir, {
        "src/webhooks.ts": `import { getWebhookRegistry } from "smart-api-integrations";\n\nexport const registry = getWebhookRegistry();\n`,
      });
      return undefined;
    },
  },
  ...CATALOG_SIZES.map(
    (n): TscVariant => ({
      id: `catalog-${n}`,
      label: `+ runtime + generated catalog of ${n} events, one handler`,
      setup: async (dir) => {
        if (!existsSync(PATHS.runtime)) return "src/runtime/index.ts not available";
        const s = writeSyntheticProvider(dir, `synth${n}`, n);
        const err = await generateInto(dir);
        if (err) return err;
        writeFiles(dir, { "src/webhooks.ts": oneHandlerFile(`"${s.name}", "default"`, s.sampleEvent, "id", "data.object.id") });
        return undefined;
      },
    }),
  ),
  {
    id: "github-real",
    label: "+ runtime + the real, complete generated GitHub catalog, one on(\"push\") handler",
    setup: async (dir) => {
      if (!existsSync(PATHS.runtime)) return "src/runtime/index.ts not available";
      mkdirSync(join(dir, "providers"), { recursive: true });
      mkdirSync(join(dir, "schemas"), { recursive: true });
      symlinkSync(join(PATHS.providers, "github"), join(dir, "providers", "github"), "dir");
      symlinkSync(join(PATHS.schemas, "github"), join(dir, "schemas", "github"), "dir");
      const err = await generateInto(dir);
      if (err) return err;
      writeFiles(dir, { "src/webhooks.ts": oneHandlerFile(`"github"`, "push", "ref", "ref") });
      return undefined;
    },
  },
  {
    id: "octokit",
    label: "+ @octokit/webhooks, one on(\"push\") handler",
    setup: async (dir) => {
      writeFiles(dir, {
        "src/webhooks.ts": [
          `import { Webhooks } from "@octokit/webhooks";`,
          ``,
          `export const webhooks = new Webhooks({ secret: process.env["GITHUB_WEBHOOK_SECRET"] ?? "" });`,
          `webhooks.on("push", ({ payload }) => {`,
          `  const ref: string = payload.ref;`,
          `  console.log(ref);`,
          `});`,
          ``,
        ].join("\n"),
      });
      return undefined;
    },
  },
];

function tsconfig(): string {
  return `${JSON.stringify(
    {
      compilerOptions: {
        target: "ES2022",
        lib: ["ES2023"],
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        verbatimModuleSyntax: true,
        skipLibCheck: true,
        noEmit: true,
        types: ["node"],
        paths: {
          "smart-api-integrations": [join(ROOT, "src/runtime/index.ts")],
          "smart-api-integrations/express": [join(ROOT, "src/adapters/express.ts")],
        },
      },
      include: ["src", "generated"],
    },
    null,
    2,
  )}\n`;
}

interface Diag {
  readonly totalSec?: number;
  readonly memoryKb?: number;
  readonly files?: number;
  readonly errors: number;
}

function parseDiagnostics(out: string): Diag {
  const num = (re: RegExp) => {
    const m = re.exec(out);
    return m ? Number(m[1]) : undefined;
  };
  const errors = (out.match(/error TS\d+/g) ?? []).length;
  const d: { -readonly [K in keyof Diag]: Diag[K] } = { errors };
  const total = num(/Total time:\s+([\d.]+)s/);
  const mem = num(/Memory used:\s+(\d+)K/);
  const files = num(/Files:\s+(\d+)/);
  if (total !== undefined) d.totalSec = total;
  if (mem !== undefined) d.memoryKb = mem;
  if (files !== undefined) d.files = files;
  return d;
}

export const tscSuite: Suite = {
  id: "tsc",
  title: "Type-checking cost a catalog adds to a user project",
  async run(ctx) {
    const samples = ctx.quick ? 1 : 5;
    const ready = new Map<string, string>();
    const broken = new Map<string, string>();
    for (const v of TSC_VARIANTS) {
      const dir = join(ctx.tmp, v.id);
      mkdirSync(dir, { recursive: true });
      symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
      writeFiles(dir, { "package.json": `${JSON.stringify({ name: `bench-${v.id}`, private: true, type: "module" })}\n`, "tsconfig.json": tsconfig(), "src/app.ts": APP });
      const err = await v.setup(dir);
      if (err) broken.set(v.id, err);
      else ready.set(v.id, dir);
    }
    const compilers = COMPILERS.map((c) => ({ c, cmd: c.command() }));
    const runs = new Map<string, { run: ChildRun; diag: Diag }[]>();
    for (let i = 0; i < samples; i++) {
      for (const { c, cmd } of compilers) {
        if (typeof cmd === "string") continue;
        for (const v of TSC_VARIANTS) {
          const dir = ready.get(v.id);
          if (!dir) continue;
          const run = await runMeasured(cmd.cmd, [...cmd.args, "--noEmit", "-p", join(dir, "tsconfig.json"), "--extendedDiagnostics"], { cwd: dir, timeoutMs: 10 * 60_000 });
          const key = `${c.id}|${v.id}`;
          runs.set(key, [...(runs.get(key) ?? []), { run, diag: parseDiagnostics(run.stdout + run.stderr) }]);
        }
      }
      ctx.log(`  sample ${i + 1}/${samples} done`);
    }

    const tables: Table[] = [];
    const missing: string[] = [];
    const targets: TargetCheck[] = [];
    for (const [id, why] of broken) missing.push(`variant ${id}: ${why}`);
    for (const { c, cmd } of compilers) {
      if (typeof cmd === "string") {
        missing.push(`${c.label}: ${cmd}`);
        tables.push({ title: c.label, columns: ["status"], rows: [[`missing column: ${cmd}`]] });
        continue;
      }
      const stat = (vid: string) => {
        const r = runs.get(`${c.id}|${vid}`);
        if (!r?.length) return undefined;
        return {
          wall: summarize(r.map((x) => x.run.wallMs)).p50,
          rss: summarize(r.map((x) => x.run.maxRssBytes ?? Number.NaN)).p50,
          tsTime: summarize(r.map((x) => (x.diag.totalSec ?? Number.NaN) * 1000)).p50,
          tsMem: summarize(r.map((x) => (x.diag.memoryKb ?? Number.NaN) * 1024)).p50,
          files: r[0]?.diag.files,
          errors: r[0]?.diag.errors ?? 0,
          code: r[0]?.run.code,
          n: r.length,
        };
      };
      const base = stat("base");
      const runtimeOnly = stat("runtime");
      const rows: string[][] = [];
      for (const v of TSC_VARIANTS) {
        const s = stat(v.id);
        if (!s) {
          rows.push([v.label, "—", "—", "—", "—", "—", "—", `not measured: ${broken.get(v.id) ?? "no runs"}`]);
          continue;
        }
        const ref = v.id.startsWith("catalog-") || v.id === "github-real" ? runtimeOnly : undefined;
        rows.push([
          v.label,
          `${fmtMs(s.wall)} (tsc: ${fmtMs(s.tsTime)})`,
          `${fmtBytes(s.rss)} (tsc: ${fmtBytes(s.tsMem)})`,
          base ? `${fmtSigned(s.wall - base.wall, fmtMs)} / ${fmtSigned(s.rss - base.rss, fmtBytes)}` : "—",
          ref ? `${fmtSigned(s.wall - ref.wall, fmtMs)} / ${fmtSigned(s.rss - ref.rss, fmtBytes)}` : "",
          String(s.files ?? "?"),
          s.errors ? `${s.errors} errors (exit ${s.code})` : "0",
          "",
        ]);
      }
      tables.push({
        title: c.label,
        columns: ["project", "wall (median)", "peak RSS (median)", "added over base: time / RSS", "catalog alone (over runtime-only)", "files", "type errors", ""],
        rows,
      });
      const oct = stat("octokit");
      const cat = stat(`catalog-${TARGET_SIZE}`);
      if (c.id === "tsc") {
        const ok = oct && cat && runtimeOnly && base;
        const addOct = ok ? { t: oct.wall - base.wall, m: oct.rss - base.rss } : undefined;
        const addCat = ok ? { t: cat.wall - runtimeOnly.wall, m: cat.rss - runtimeOnly.rss } : undefined;
        targets.push({
          target: `${TARGET_SIZE}-event catalog adds ≤ ½ the tsc time @octokit/webhooks adds (${c.label})`,
          measured: addOct && addCat ? `${fmtSigned(addCat.t, fmtMs)} vs octokit ${fmtSigned(addOct.t, fmtMs)}` : "not measured",
          met: addOct && addCat ? addCat.t <= addOct.t / 2 : undefined,
        });
        targets.push({
          target: `${TARGET_SIZE}-event catalog adds ≤ ½ the tsc memory @octokit/webhooks adds (${c.label})`,
          measured: addOct && addCat ? `${fmtSigned(addCat.m, fmtBytes)} vs octokit ${fmtSigned(addOct.m, fmtBytes)}` : "not measured",
          met: addOct && addCat ? addCat.m <= addOct.m / 2 : undefined,
        });
        // The real catalog is judged like octokit's types: what it adds over the runtime-only project.
        const real = stat("github-real");
        const addReal = real && runtimeOnly ? { t: real.wall - runtimeOnly.wall, m: real.rss - runtimeOnly.rss } : undefined;
        targets.push({
          target: `the real, complete GitHub catalog adds ≤ ½ the tsc time @octokit/webhooks adds (${c.label})`,
          measured: addOct && addReal ? `${fmtSigned(addReal.t, fmtMs)} vs octokit ${fmtSigned(addOct.t, fmtMs)}` : "not measured",
          met: addOct && addReal ? addReal.t <= addOct.t / 2 : undefined,
        });
        targets.push({
          target: `the real, complete GitHub catalog adds ≤ ½ the tsc memory @octokit/webhooks adds (${c.label})`,
          measured: addOct && addReal ? `${fmtSigned(addReal.m, fmtBytes)} vs octokit ${fmtSigned(addOct.m, fmtBytes)}` : "not measured",
          met: addOct && addReal ? addReal.m <= addOct.m / 2 : undefined,
        });
      }
    }
    tables.push({ title: "Targets", columns: ["target", "measured", "met"], rows: targets.map((t) => [t.target, t.measured, mark(t.met)]) });
    return {
      method: [
        `\`tsc --noEmit -p … --extendedDiagnostics\` in a fresh process per run, ${samples} run(s) per project and compiler, projects interleaved; wall time from spawn to exit and peak RSS from GNU time; tsc's own "Total time" and "Memory used" beside them.`,
        "The projects live in a scratch folder under /tmp (node_modules symlinked to the repository's), compiled with strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess, verbatimModuleSyntax, module NodeNext, skipLibCheck. `smart-api-integrations` resolves through `paths` to src/runtime/index.ts, i.e. the runtime is type-checked from source (a published package ships .d.ts, which is cheaper); that is why the catalog's own cost is judged over the runtime-only project, while @octokit/webhooks's cost is over the base project.",
        "Catalogs are the synthetic providers of the codegen suite, generated by the real CLI into the project; the handler subscribes to one event and reads a nested payload field.",
      ],
      tables,
      targets,
      missing,
      raw: Object.fromEntries([...runs].map(([k, v]) => [k, v.map((x) => ({ wallMs: x.run.wallMs, maxRssBytes: x.run.maxRssBytes, code: x.run.code, diag: x.diag, tail: (x.run.stdout + x.run.stderr).split("\n").filter((l) => l.includes("error TS")).slice(0, 5) }))])),
    };
  },
};
