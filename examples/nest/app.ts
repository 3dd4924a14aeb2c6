// A typical Nest app: Nest's global JSON parsing for its own routes, plus the generated WebhooksModule.
import { Body, Controller, Get, Module, Post } from "@nestjs/common";
import type { INestApplication, LoggerService, LogLevel } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import { WebhooksModule } from "../../generated/routes/nest.js";
import "./webhook_handlers.js";

/** The app's own routes, which keep Nest's parsed `@Body()`. */
export class AppController {
  /** Liveness. */
  health(): { ok: true } {
    return { ok: true };
  }

  /** Answers the JSON body as Nest's parser made it. */
  echo(body: unknown): { parsed: unknown } {
    return { parsed: body };
  }
}

// Decorators as plain calls, so the example compiles without `experimentalDecorators`; with it
// on, `@Controller()`, `@Get("health")` and `@Body()` work the same.
Controller()(AppController);
Get("health")(AppController.prototype, "health", Object.getOwnPropertyDescriptor(AppController.prototype, "health")!);
Post("echo")(AppController.prototype, "echo", Object.getOwnPropertyDescriptor(AppController.prototype, "echo")!);
Body()(AppController.prototype, "echo", 0);

/** The root module: the webhooks (a POST route per generated webhook) next to the app's own controller. */
export class AppModule {}
Module({ imports: [WebhooksModule], controllers: [AppController] })(AppModule);

/**
 * Creates the example app. `rawBody: true` keeps the request bytes for routes that Nest's parsers
 * read (signatures are computed over them); Nest's JSON parsing stays on for `/echo`.
 */
export function createApp(logger: LoggerService | LogLevel[] | false = ["error", "warn"]): Promise<INestApplication> {
  return NestFactory.create(AppModule, { rawBody: true, logger });
}
