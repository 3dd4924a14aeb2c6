import type { GeneratedFile } from "../manifest/types.js";

/**
 * Formats generated files with the user's prettier and config. Loaded on demand: prettier is an
 * optional peer, and `check` must format exactly as `generate` did, so both call this.
 */
export async function formatWithPrettier(
  files: readonly GeneratedFile[],
  outDir: string,
  onFile?: (done: number, total: number) => void,
): Promise<GeneratedFile[]> {
  let prettier: typeof import("prettier");
  try {
    prettier = await import("prettier");
  } catch {
    throw new Error("--prettier needs the prettier package: npm i -D prettier");
  }
  const formatted: GeneratedFile[] = [];
  for (const file of files) {
    const filepath = `${outDir}/${file.path}`;
    const config = (await prettier.resolveConfig(filepath)) ?? {};
    formatted.push({ path: file.path, contents: await prettier.format(file.contents, { ...config, filepath }) });
    onFile?.(formatted.length, files.length);
  }
  return formatted;
}
