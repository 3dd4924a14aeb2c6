// Preload (`node --import`): makes node:crypto unavailable to the project's source, as on
// Cloudflare Workers without nodejs_compat. Tooling (tsx) keeps it; src/ and test/ do not.
import { register } from "node:module";

const hidden = new Set(["node:crypto", "crypto"]);
const original = process.getBuiltinModule?.bind(process);
process.getBuiltinModule = (id) => (hidden.has(id) ? undefined : original?.(id));

register(
  "data:text/javascript," +
    encodeURIComponent(`
      const hidden = new Set(["node:crypto", "crypto"]);
      export async function resolve(specifier, context, next) {
        const parent = context.parentURL ?? "";
        if (hidden.has(specifier) && /\\/(src|test)\\//.test(parent) && !parent.includes("/node_modules/")) {
          throw new Error("node:crypto is unavailable here (imported by " + parent + ")");
        }
        return next(specifier, context);
      }
    `),
);
