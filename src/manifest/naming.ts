/**
 * The one PascalCase rule used for identifiers derived from spec names.
 */

/**
 * PascalCase of a name: split on every character that is not a letter or digit, upper-case the
 * first letter of each part, keep the rest as written, so camel humps survive and digits stay in place:
 * - `payment_intent.succeeded` → `PaymentIntentSucceeded`; `issues.opened` → `IssuesOpened`
 * - `simple-user`, `simple_user`, `SimpleUser` → `SimpleUser` (so they collide, which is an error)
 * - `oauth2.token` → `Oauth2Token`; `3ds.done` → `_3dsDone` A leading digit
 * gets an `_` prefix so the result is always a valid identifier (or empty for empty input).
 */
export function pascalCase(name: string): string {
  const out = name
    .split(/[^A-Za-z0-9]+/)
    .filter((p) => p !== "")
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join("");
  return /^[0-9]/.test(out) ? `_${out}` : out;
}
