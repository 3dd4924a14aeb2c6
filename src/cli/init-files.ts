/**
 * What `init <provider>` writes, as pure functions of their inputs (the CLI does the I/O).
 */

/** A file `init` writes, relative to the project folder. */
export interface InitFile {
  readonly path: string;
  readonly contents: string;
}

/**
 * For a built-in provider: the built-in file's `webhooks:` section (with its comments) under a
 * header explaining that everything else comes from the package. Users then edit only what differs.
 */
export function builtinOverride(options: {
  readonly name: string;
  readonly providersDir: string;
  readonly builtinYaml: string;
  readonly schemaRef: string;
}): InitFile {
  const start = options.builtinYaml.search(/^webhooks:/m);
  if (start < 0) throw new Error(`built-in ${options.name} spec has no webhooks: section`);
  const header = [
    `# yaml-language-server: $schema=${options.schemaRef}`,
    "#",
    `# ${options.name} webhooks. The built-in spec (signature scheme, event extraction, schemas) comes`,
    "# from the smart-api-integrations package; this file states only what you change, merged key by",
    "# key over it. Reference: docs/webhook-yaml.md",
    "",
  ].join("\n");
  return { path: `${options.providersDir}/${options.name}/webhook.yaml`, contents: `${header}\n${options.builtinYaml.slice(start)}` };
}

/** For any other provider: a full definition over a generic HMAC scheme, and one example schema. */
export function customProvider(options: {
  readonly name: string;
  readonly providersDir: string;
  readonly yamlTemplate: string;
  readonly exampleSchema: string;
  readonly schemaRef: string;
}): InitFile[] {
  const env = `${options.name.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_WEBHOOK_SECRET`;
  const values: Record<string, string> = { name: options.name, env, schema: options.schemaRef };
  const yaml = options.yamlTemplate.replace(/\{\{ (\w+) \}\}/g, (_, key: string) => values[key] ?? `{{ ${key} }}`);
  const dir = `${options.providersDir}/${options.name}`;
  return [
    { path: `${dir}/webhook.yaml`, contents: yaml },
    { path: `${dir}/schemas/events/example.created.json`, contents: options.exampleSchema },
  ];
}
