/**
 * The modes the Redis matrix runs its rows in, and what a server process of the matrix is told.
 * A mode is how a delivery reaches its handler; adding one (a queue hand-off whose workers run in
 * other processes) is one entry here, one case in matrix/server.ts, and its worker processes
 * started by {@link MatrixMode.workers}.
 */

/** The modes matrix/server.ts knows. */
export type MatrixModeName = "inline";

/** What one matrix server process is started with (argv[2], as JSON). */
export interface MatrixServerConfig {
  readonly mode: MatrixModeName;
  /** Port of the Redis the pipeline's stores use (the shared 6379, or the suite's own). */
  readonly redisPort: number;
  /** Key prefix of the pipeline's stores. */
  readonly prefix: string;
  /** Key prefix of the side channel on 127.0.0.1:6379 (handler runs). */
  readonly sidePrefix: string;
  /** How long each handler works, so deliveries overlap. */
  readonly handlerMs: number;
  /** Log through the runtime's `debug` logger (to stderr) instead of a silent one. */
  readonly debug: boolean;
}

/** One column of the matrix. */
export interface MatrixMode {
  readonly name: MatrixModeName;
  /** Shown in the printed matrix. */
  readonly description: string;
  /** Server processes each row starts. */
  readonly servers: number;
  /** Worker processes each row starts beside them (none when handlers run in the request). */
  readonly workers: number;
}

/** Every mode the matrix runs. */
export const MODES: readonly MatrixMode[] = [
  { name: "inline", description: "handlers run in the request", servers: 3, workers: 0 },
];
