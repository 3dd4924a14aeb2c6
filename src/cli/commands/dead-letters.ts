import { Command } from "commander";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Redis as RedisClient } from "ioredis";
import { getWebhookRegistry } from "../../runtime/registry.js";
import { replayDeadLetter, replayDeadLetters, type ReplayResult, type StoredDeadLetter } from "../../runtime/stores/dead-letter-store.js";
import { RedisDeadLetterStore } from "../../runtime/stores/redis-dead-letters.js";

/** Flags every subcommand takes: where the store is. */
interface StoreFlags {
  readonly redis?: string;
  readonly prefix?: string;
}

interface ListFlags extends StoreFlags {
  readonly provider?: string;
  readonly webhook?: string;
  readonly limit: string;
  readonly cursor?: string;
  readonly json?: boolean;
}

interface ReplayFlags extends StoreFlags {
  readonly all?: boolean;
  readonly handlers?: string;
  readonly cwd: string;
  readonly provider?: string;
  readonly webhook?: string;
}

function withStore(command: Command): Command {
  return command
    .option("--redis <url>", "Redis URL (default: $REDIS_URL)")
    .option("--prefix <prefix>", "key prefix the app's RedisDeadLetterStore uses", "{sai:dl}:");
}

/**
 * ioredis is an optional peer: only this command needs it, so it is loaded when the command runs
 * and its absence is said plainly instead of as a module-resolution stack.
 */
async function connect(flags: StoreFlags): Promise<{ client: RedisClient; store: RedisDeadLetterStore }> {
  const url = flags.redis ?? process.env["REDIS_URL"];
  if (url === undefined || url === "") throw new Error("no Redis given: pass --redis <url> or set REDIS_URL");
  let Redis: typeof RedisClient;
  try {
    ({ Redis } = await import("ioredis"));
  } catch {
    throw new Error("the dead-letters command needs the ioredis package: npm install ioredis");
  }
  // Fail fast on a dead Redis instead of retrying forever: an operator is waiting.
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 1, retryStrategy: () => null });
  let cause: unknown; // the socket's error (ECONNREFUSED…) says more than connect()'s "Connection is closed"
  client.on("error", (error: unknown) => void (cause ??= error));
  try {
    await client.connect();
  } catch (error) {
    const why = cause ?? error;
    throw new Error(`cannot reach Redis at ${where(url)}: ${why instanceof Error ? why.message : String(why)}`);
  }
  const store = new RedisDeadLetterStore({
    redis: { eval: (script, keys, args) => client.eval(script, keys.length, ...keys, ...args) },
    ...(flags.prefix === undefined ? {} : { prefix: flags.prefix }),
  });
  return { client, store };
}

/** Host and port of a Redis URL, never its password. */
function where(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "6379"}`;
  } catch {
    return "the given URL";
  }
}

/** Runs `work` against the store and always closes the connection. */
async function withConnection(flags: StoreFlags, work: (store: RedisDeadLetterStore) => Promise<number>): Promise<void> {
  let connection: Awaited<ReturnType<typeof connect>>;
  try {
    connection = await connect(flags);
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
    return;
  }
  try {
    process.exitCode = await work(connection.store);
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  } finally {
    connection.client.disconnect();
  }
}

/** One entry without its body, for listings. */
function summary(e: StoredDeadLetter) {
  return {
    key: e.key,
    receivedAt: e.receivedAt.toISOString(),
    provider: e.provider,
    webhook: e.webhook,
    type: e.type,
    id: e.id,
    reason: e.reason,
    bodyBytes: e.bodyBytes,
    attempts: e.attempts,
    ...(e.lastFailure === undefined ? {} : { lastFailure: e.lastFailure }),
  };
}

function listCommand(): Command {
  return withStore(new Command("list"))
    .description("list kept dead letters, oldest first")
    .option("--provider <name>", "only this provider's")
    .option("--webhook <name>", "only this webhook's")
    .option("--limit <n>", "at most this many", "100")
    .option("--cursor <key>", "only entries after this key (the last key of the previous page)")
    .option("--json", "one JSON object per line")
    .action((flags: ListFlags) =>
      withConnection(flags, async (store) => {
        const limit = Number(flags.limit);
        if (!Number.isInteger(limit) || limit < 0) throw new Error(`--limit must be a whole number, got ${flags.limit}`);
        const entries = await store.list({ provider: flags.provider, webhook: flags.webhook, limit, cursor: flags.cursor });
        for (const e of entries) {
          if (flags.json) console.log(JSON.stringify(summary(e)));
          else {
            const failed = e.lastFailure === undefined ? "" : `  last replay: ${e.lastFailure}`;
            console.log(`${e.key}  ${e.receivedAt.toISOString()}  ${e.provider}/${e.webhook}  ${e.type || "-"}  ${e.reason}  ${e.id}  ${e.bodyBytes} B${failed}`);
          }
        }
        if (!flags.json) console.log(`${entries.length} dead letter(s)`);
        return 0;
      }),
    );
}

function showCommand(): Command {
  return withStore(new Command("show"))
    .description("print one dead letter as JSON: its fields, headers, issues and parsed payload")
    .argument("<key>", "the entry's key (see list)")
    .action((key: string, flags: StoreFlags) =>
      withConnection(flags, async (store) => {
        const e = await store.get(key);
        if (e === undefined) {
          console.error(`no dead letter ${key}`);
          return 1;
        }
        const body = new TextDecoder().decode(e.rawBody);
        console.log(JSON.stringify({ ...summary(e), bodySha256: e.bodySha256, contentType: e.contentType, headers: e.headers, issues: e.issues, payload: e.payload ?? null, body }, null, 2));
        return 0;
      }),
    );
}

function deleteCommand(): Command {
  return withStore(new Command("delete"))
    .description("delete one dead letter")
    .argument("<key>", "the entry's key (see list)")
    .action((key: string, flags: StoreFlags) =>
      withConnection(flags, async (store) => {
        const deleted = await store.delete(key);
        console.log(deleted ? `deleted ${key}` : `no dead letter ${key}`);
        return deleted ? 0 : 1;
      }),
    );
}

function printResult(r: ReplayResult): void {
  if (r.outcome === "processed") console.log(`${r.key}: processed, deleted${r.body === undefined ? "" : ` ${r.body}`}`);
  else if (r.outcome === "not_found") console.log(`${r.key}: no such dead letter`);
  else console.log(`${r.key}: ${r.failure ?? r.outcome}; kept`);
}

function replayCommand(): Command {
  return withStore(new Command("replay"))
    .description("run dead letters through your current handlers (not re-verified: they were verified on receipt)")
    .argument("[key]", "the entry's key (see list)")
    .option("--all", "replay every kept entry (or those --provider / --webhook select)")
    .option("--handlers <module>", "your module that imports the generated index and registers handlers")
    .option("--cwd <dir>", "folder --handlers is relative to", process.cwd())
    .option("--provider <name>", "with --all: only this provider's")
    .option("--webhook <name>", "with --all: only this webhook's")
    .addHelpText(
      "after",
      "\nExamples:\n  $ smart-api-integrations dead-letters replay 42 --handlers dist/webhook_handlers.js --redis redis://localhost:6379\n  $ smart-api-integrations dead-letters replay --all --provider stripe --handlers dist/webhook_handlers.js",
    )
    .action((key: string | undefined, flags: ReplayFlags) => {
      if ((key === undefined) === (flags.all !== true)) {
        console.error("error: give one key or --all");
        process.exitCode = 2;
        return;
      }
      if (flags.handlers === undefined) {
        console.error("error: --handlers <module> is required: replay runs your handlers in this process");
        process.exitCode = 2;
        return;
      }
      const handlers = flags.handlers;
      return withConnection(flags, async (store) => {
        await import(pathToFileURL(resolve(flags.cwd, handlers)).href);
        const options = { store, registry: getWebhookRegistry() };
        const results =
          key === undefined
            ? await replayDeadLetters({ ...options, query: { provider: flags.provider, webhook: flags.webhook } })
            : [await replayDeadLetter(key, options)];
        for (const r of results) printResult(r);
        const processed = results.filter((r) => r.outcome === "processed").length;
        if (key === undefined) console.log(`${processed} of ${results.length} replayed`);
        // The handlers module may have opened pools or timers of the user's app that keep Node
        // alive: once the replay is done, leave (unref'd, so it never delays a clean exit).
        setTimeout(() => process.exit(), 1000).unref();
        return processed === results.length ? 0 : 1;
      });
    });
}

/** `dead-letters list|show|replay|delete`: the dead letters a RedisDeadLetterStore keeps. */
export function deadLettersCommand(): Command {
  const command = new Command("dead-letters")
    .description("list, show, replay and delete the dead letters kept in Redis (RedisDeadLetterStore)")
    .addCommand(listCommand())
    .addCommand(showCommand())
    .addCommand(replayCommand())
    .addCommand(deleteCommand());
  for (const sub of command.commands) sub.exitOverride();
  return command;
}
