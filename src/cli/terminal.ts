/**
 * Everything the CLI prints goes through here: colour decided once (a TTY, and neither NO_COLOR
 * nor CI set), and the --silent / --verbose levels.
 */

/** Whether `stream` should get ANSI colour. */
export function colourFor(stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env["NO_COLOR"] !== undefined && env["NO_COLOR"] !== "") return false;
  if (env["CI"] !== undefined && env["CI"] !== "" && env["CI"] !== "false") return false;
  if (env["TERM"] === "dumb") return false;
  return stream.isTTY === true;
}

type Paint = (text: string) => string;

/** ANSI painters that are the identity when colour is off. */
export interface Palette {
  readonly red: Paint;
  readonly green: Paint;
  readonly yellow: Paint;
  readonly dim: Paint;
  readonly bold: Paint;
}

function palette(on: boolean): Palette {
  const code = (open: number, close: number): Paint => (on ? (text) => `\u001b[${open}m${text}\u001b[${close}m` : (text) => text);
  return { red: code(31, 39), green: code(32, 39), yellow: code(33, 39), dim: code(2, 22), bold: code(1, 22) };
}

/** Palettes for stdout and stderr (one may be a TTY while the other is piped). */
export const out: Palette = palette(colourFor(process.stdout));
export const err: Palette = palette(colourFor(process.stderr));

/** How much a command prints: `silent` only errors, `verbose` also what it read and decided. */
export type Verbosity = "silent" | "normal" | "verbose";

/** A command's printer at one verbosity. Results go to stdout, diagnostics to stderr. */
export interface Logger {
  readonly verbosity: Verbosity;
  /** A result line (stdout); dropped when silent. */
  info(line: string): void;
  /** A detail line (stderr), only when verbose. */
  detail(line: string): void;
  /** A warning (stderr); dropped when silent. */
  warn(line: string): void;
}

/** The logger of `--silent` / `--verbose` flags (verbose wins when both are given). */
export function logger(flags: { readonly silent?: boolean; readonly verbose?: boolean }): Logger {
  const verbosity: Verbosity = flags.verbose ? "verbose" : flags.silent ? "silent" : "normal";
  return {
    verbosity,
    info: (line) => void (verbosity !== "silent" && console.log(line)),
    detail: (line) => void (verbosity === "verbose" && console.error(err.dim(line))),
    warn: (line) => void (verbosity !== "silent" && console.error(`${err.yellow("warning:")} ${line}`)),
  };
}

/**
 * Ends the process quietly when the reader of stdout goes away (`… --help | head`): an EPIPE is
 * the reader saying it has seen enough, not a failure worth a stack trace.
 */
export function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
}
