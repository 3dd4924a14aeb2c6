import { fileURLToPath } from "node:url";

/**
 * The installed package's root folder (holds the built-in `providers/`, `schemas/` and `templates/`).
 * This file lives at `src/cli/` or `dist/cli/`, two levels below the root either way.
 */
export const packageRoot: string = fileURLToPath(new URL("../../", import.meta.url));
