#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { checkCommand } from "./commands/check.js";
import { deadLettersCommand } from "./commands/dead-letters.js";
import { generateCommand } from "./commands/generate.js";
import { importOpenApiCommand } from "./commands/import-openapi.js";
import { initCommand } from "./commands/init.js";
import { listCommand } from "./commands/list.js";
import { testWebhookCommand } from "./commands/test-webhook.js";
import { reportError } from "./report-error.js";

/**
 * Exit codes: 0 success; 1 a negative result (stale files, invalid webhook.yaml, a non-2xx answer
 * to test-webhook); 2 a usage error or an unexpected failure (e.g. server unreachable).
 */
const program = new Command("smart-api-integrations")
  .description("typed, verified webhooks: generate handlers from webhook.yaml")
  .exitOverride()
  .addCommand(initCommand())
  .addCommand(generateCommand())
  .addCommand(checkCommand())
  .addCommand(listCommand())
  .addCommand(testWebhookCommand())
  .addCommand(importOpenApiCommand())
  .addCommand(deadLettersCommand())
  .addHelpText(
    "after",
    `
Examples:
  $ smart-api-integrations init stripe       # providers/stripe/webhook.yaml
  $ smart-api-integrations generate          # providers/ -> generated/
  $ smart-api-integrations check             # CI gate: exit 1 when generated/ is stale
  $ smart-api-integrations test-webhook stripe --event payment_intent.succeeded --url http://localhost:3000`,
  );
for (const command of program.commands) command.exitOverride();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version end here too, with exit code 0.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    process.exitCode = reportError(error);
  }
}
