/**
 * One cold sample: `node --import tsx validator-cold.ts <validator id> <payload id>`.
 * Prints one JSON line: { prepareMs, firstCallMs, valid } or { error }.
 */
import { payloads } from "../lib/payloads.js";
import { VALIDATORS } from "../suites/validation.js";

const [validatorId, payloadId] = process.argv.slice(2);
const v = VALIDATORS.find((x) => x.id === validatorId);
const p = payloads().find((x) => x.id === payloadId);
if (!v || !p) {
  console.log(JSON.stringify({ error: `unknown validator ${validatorId} or payload ${payloadId}` }));
} else {
  const value = p.value;
  const t0 = performance.now();
  const prep = await v.prepare(p);
  const t1 = performance.now();
  if (typeof prep === "string") {
    console.log(JSON.stringify({ error: prep }));
  } else {
    const t2 = performance.now();
    const valid = prep.build()(value);
    const t3 = performance.now();
    console.log(JSON.stringify({ prepareMs: t1 - t0, firstCallMs: t3 - t2, valid }));
  }
}
