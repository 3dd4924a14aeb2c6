/**
 * A one-line status on stderr while `generate` works (the complete GitHub catalog takes
 * seconds). Only on a TTY and never when silent; the line is erased when the work ends, so a
 * fast run shows nothing but its summary.
 */

/** Shows phases as they start; {@link Progress.done} erases the line. */
export interface Progress {
  phase(label: string, done?: number, total?: number): void;
  done(): void;
}

/** A progress line on `stream` when it is a TTY and `enabled`; otherwise a no-op. */
export function progress(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!enabled || !stream.isTTY) return { phase() {}, done() {} };
  let shown = false;
  const spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
  let tick = 0;
  return {
    phase(label, done, total) {
      const count = done === undefined || total === undefined ? "" : ` ${done}/${total}`;
      stream.write(`\r\u001b[K${spinner[tick++ % spinner.length]} ${label}${count}…`);
      shown = true;
    },
    done() {
      if (shown) stream.write("\r\u001b[K");
      shown = false;
    },
  };
}
