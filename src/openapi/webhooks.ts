/**
 * The webhooks of an OpenAPI 3.1 document: one entry per operation of `webhooks`, with the JSON
 * schema of its request body. `$ref`s to `components.pathItems` and `components.requestBodies`
 * are followed; everything the importer cannot use is an issue at its pointer.
 */
import { appendPointer } from "../json-schema/index.js";
import { compareText, type ImportIssue, isObject, type Json, type JsonObject } from "./types.js";

/** An operation of the document's `webhooks` section. */
export interface WebhookOperation {
  /** The key under `webhooks`. */
  readonly key: string;
  /** The HTTP method (`post`, …). */
  readonly method: string;
  /** The Operation Object as written (e.g. for `operationId` or vendor extensions). */
  readonly operation: JsonObject;
  /** How many operations the key has: with more than one, the key alone cannot name an event. */
  readonly siblings: number;
  /** JSON pointer of the operation. */
  readonly pointer: string;
  /** The request body's JSON schema as written, and where it is. */
  readonly schema: Json;
  readonly schemaPointer: string;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Every webhook operation, sorted by key then method, and the issues of those that cannot be used. */
export function webhookOperations(document: JsonObject): { operations: WebhookOperation[]; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const operations: WebhookOperation[] = [];
  const webhooks = document["webhooks"];
  if (!isObject(webhooks)) {
    issues.push({ pointer: "", message: 'the document has no "webhooks" section (OpenAPI 3.1 describes webhooks there)' });
    return { operations, issues };
  }
  for (const key of Object.keys(webhooks).sort(compareText)) {
    const item = resolve(document, webhooks[key]!, appendPointer("/webhooks", key), "pathItems", issues);
    if (item === undefined) continue;
    const methods = METHODS.filter((m) => isObject(item.value[m]));
    if (methods.length === 0) issues.push({ pointer: item.pointer, message: "the webhook has no operation (post, put, …)" });
    for (const method of methods) {
      const pointer = appendPointer(item.pointer, method);
      const operation = item.value[method] as JsonObject;
      const body = operation["requestBody"];
      if (body === undefined) {
        issues.push({ pointer, message: "the operation has no requestBody: there is no payload to describe" });
        continue;
      }
      const requestBody = resolve(document, body, appendPointer(pointer, "requestBody"), "requestBodies", issues);
      if (requestBody === undefined) continue;
      const content = requestBody.value["content"];
      const contentPointer = appendPointer(requestBody.pointer, "content");
      const types = isObject(content) ? Object.keys(content).sort(compareText) : [];
      const json = types.find((t) => mediaType(t) === "application/json") ?? types.find((t) => mediaType(t).endsWith("+json"));
      const media = json === undefined || !isObject(content) ? undefined : content[json];
      if (json === undefined || !isObject(media) || media["schema"] === undefined) {
        issues.push({
          pointer: contentPointer,
          message: `no JSON request body schema (application/json or */*+json) — found ${types.length === 0 ? "none" : types.join(", ")}`,
        });
        continue;
      }
      operations.push({
        key,
        method,
        operation,
        siblings: methods.length,
        pointer,
        schema: media["schema"],
        schemaPointer: appendPointer(contentPointer, json, "schema"),
      });
    }
  }
  return { operations, issues };
}

/** `application/json; charset=utf-8` → `application/json`. */
function mediaType(type: string): string {
  return type.split(";")[0]!.trim().toLowerCase();
}

/** Follows one `$ref` to `#/components/<section>/<name>` (the only kind a webhook may use here). */
function resolve(
  document: JsonObject,
  value: Json,
  pointer: string,
  section: string,
  issues: ImportIssue[],
): { value: JsonObject; pointer: string } | undefined {
  if (!isObject(value)) {
    issues.push({ pointer, message: "expected an object" });
    return undefined;
  }
  const ref = value["$ref"];
  if (ref === undefined) return { value, pointer };
  const prefix = `#/components/${section}/`;
  const name = typeof ref === "string" && ref.startsWith(prefix) ? ref.slice(prefix.length) : undefined;
  const components = document["components"];
  const sectionValue = isObject(components) ? components[section] : undefined;
  const target = name === undefined || name.includes("/") || !isObject(sectionValue) ? undefined : sectionValue[name];
  if (!isObject(target)) {
    issues.push({ pointer: appendPointer(pointer, "$ref"), message: `unresolved or unsupported $ref ${JSON.stringify(ref)} (expected ${prefix}<name>)` });
    return undefined;
  }
  return { value: target, pointer: appendPointer("/components", section, name!) };
}
