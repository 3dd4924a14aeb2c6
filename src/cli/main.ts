#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { addHandlerCommand } from "./commands/add-handler.js";
import { checkCommand } from "./commands/check.js";
import { deadLettersCommand } from "./commands/dead-letters.js";
import { doctorCommand } from "./commands/doctor.js";
import { generateCommand } from "./commands/generate.js";
import { importOpenApiCommand } from "./commands/import-openapi.js";
import { initCommand } from "./commands/init.js";
import { listCommand } from "./commands/list.js";
import { testWebhookCommand } from "./commands/test-webhook.js";
import { reportError } from "./report-error.js";
import { colourFor, exitQuietlyOnClosedPipe } from "./terminal.js";
import { packageVersion } from "./version.js";

exitQuietlyOnClosedPipe();

/**
 * Exit codes: 0 success; 1 a negative result (stale files, invalid webhook.yaml, a non-2xx answer
 * to test-webhook, doctor findings); 2 a usage error or an unexpected failure (e.g. server unreachable).
 */
const program = new Command("smart-api-integrations")
  .description("typed, verified webhooks: generate handlers from webhook.yaml")
  .version(packageVersion(), "-v, --version", "print the installed version")
  .exitOverride()
  .configureOutput({ getOutHasColors: () => colourFor(process.stdout), getErrHasColors: () => colourFor(process.stderr) })
  .addCommand(initCommand())
  .addCommand(generateCommand())
  .addCommand(checkCommand())
  .addCommand(listCommand())
  .addCommand(testWebhookCommand())
  .addCommand(addHandlerCommand())
  .addCommand(doctorCommand())
  .addCommand(importOpenApiCommand())
  .addCommand(deadLettersCommand())
  .addHelpText(
    "after",
    `
Examples:
  $ smart-api-integrations init stripe       # config, providers/stripe/webhook.yaml, webhook_handlers.ts
  $ smart-api-integrations generate --watch  # providers/ -> generated/, again on every change
  $ smart-api-integrations check             # CI gate: exit 1 when generated/ is stale
  $ smart-api-integrations add-handler stripe invoice.paid
  $ smart-api-integrations doctor            # handlers that never fire, unset secrets, stale files
  $ smart-api-integrations test-webhook stripe --event payment_intent.succeeded --url http://localhost:3000

Settings: smart-api-integrations.config.ts (docs/config.md); flags override it.`,
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
