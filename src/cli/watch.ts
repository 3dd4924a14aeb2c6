/**
 * `generate --watch`: reruns a task when a file below any watched folder changes, debounced so
 * that an editor's save (often write + rename + chmod) or a `git checkout` runs it once.
 */
import { existsSync, type FSWatcher, statSync, watch } from "node:fs";
import { basename, dirname } from "node:path";

/** A running watch; `close()` stops it (the process can then exit). */
export interface Watching {
  close(): void;
}

/** Options of {@link watchPaths}. */
export interface WatchOptions {
  /** Folders (watched recursively) and single files; missing ones are skipped. */
  readonly paths: () => readonly string[];
  /** Quiet time after the last change before `onChange` runs. */
  readonly debounceMs?: number;
  /** Runs after changes settle; the next batch waits for it to finish. */
  readonly onChange: (changed: readonly string[]) => Promise<void>;
  /** Our own writes (temp files, the output folder) must not retrigger a run. */
  readonly ignore?: (path: string) => boolean;
}

/**
 * Watches `paths()` and calls `onChange` with the changed files. The path list is read again
 * after every run, so a config edit that moves the providers folder is followed.
 */
export function watchPaths(options: WatchOptions): Watching {
  const debounceMs = options.debounceMs ?? 100;
  let watchers: FSWatcher[] = [];
  let watched = "";
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let pending = new Set<string>();
  let closed = false;

  const fire = async (): Promise<void> => {
    if (running || closed) return;
    running = true;
    const batch = [...pending].sort();
    pending = new Set();
    try {
      await options.onChange(batch);
    } finally {
      running = false;
      rewatch();
      if (pending.size > 0) schedule();
    }
  };
  const schedule = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => void fire(), debounceMs);
  };
  const onEvent = (dir: string, file: string | Buffer | null): void => {
    const path = file === null ? dir : `${dir}/${file.toString()}`;
    if (basename(path).endsWith(".tmp") || options.ignore?.(path)) return;
    pending.add(path);
    schedule();
  };
  const rewatch = (): void => {
    if (closed) return;
    const paths = [...new Set(options.paths())].filter((p) => existsSync(p)).sort();
    const key = paths.join("\n");
    if (key === watched) return;
    for (const w of watchers) w.close();
    watchers = paths.map((path) => {
      const isDirectory = statSync(path).isDirectory();
      // A file is watched through its folder: editors replace files on save, which ends a watch on the file itself.
      const target = isDirectory ? path : dirname(path);
      const watcher = watch(target, { recursive: isDirectory }, (_, name) => {
        if (!isDirectory && name !== basename(path)) return;
        onEvent(target, name);
      });
      watcher.on("error", () => undefined); // a folder deleted mid-watch is picked up by the next rewatch
      return watcher;
    });
    watched = key;
  };
  rewatch();
  return {
    close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      for (const w of watchers) w.close();
      watchers = [];
    },
  };
}
