import { All, Controller, Inject, Module, Optional, Req, Res } from "@nestjs/common";
import type { DynamicModule, OnModuleInit } from "@nestjs/common";
import { HttpAdapterHost } from "@nestjs/core";
import { NEST_WEBHOOK_OPTIONS, NestWebhooks } from "smart-api-integrations/nest";
import type { NestRequest, NestResponse, NestWebhookOptions } from "smart-api-integrations/nest";
// Importing the generated index also registers every generated provider with the registry.
import { webhookRoutes } from "{{ index }}";

/**
 * Serves every generated webhook path: POST runs the verified pipeline, any other method gets
 * 405. Create the app with `NestFactory.create(AppModule, { rawBody: true })`.
 */
export class WebhooksController implements OnModuleInit {
  /** The pipeline behind the routes (built once, when Nest creates the controller). */
  readonly webhooks: NestWebhooks;
  readonly #adapterHost: HttpAdapterHost;

  /** Nest injects `WebhooksModule.forRoot(options)`'s options (none without forRoot) and the HTTP adapter. */
  constructor(options: NestWebhookOptions | undefined, adapterHost: HttpAdapterHost) {
    this.webhooks = new NestWebhooks(webhookRoutes, options);
    this.#adapterHost = adapterHost;
  }

  /** Nest's body parsers are registered by now: make them leave webhook bodies to the pipeline. */
  onModuleInit(): void {
    this.webhooks.bypassBodyParsers(this.#adapterHost.httpAdapter?.getInstance<unknown>());
  }
}

// Nest's decorators applied as plain calls, so this file compiles without `experimentalDecorators`
// and needs no `emitDecoratorMetadata`: the injection tokens are named explicitly.
Controller()(WebhooksController);
Inject(NEST_WEBHOOK_OPTIONS)(WebhooksController, undefined, 0);
Optional()(WebhooksController, undefined, 0);
Inject(HttpAdapterHost)(WebhooksController, undefined, 1);
// One method per route, registered for every HTTP method, so the pipeline (not Nest's 404)
// answers other methods with 405, and it is told which route Nest matched whatever the app's
// global prefix.
webhookRoutes.forEach((route, index) => {
  const key = `webhook${index}`;
  const descriptor: TypedPropertyDescriptor<(req: NestRequest, res: NestResponse) => Promise<void>> = {
    value(this: WebhooksController, req: NestRequest, res: NestResponse): Promise<void> {
      return this.webhooks.handle(route, req, res);
    },
    configurable: true,
    writable: true,
  };
  Object.defineProperty(WebhooksController.prototype, key, descriptor);
  All(route.path)(WebhooksController.prototype, key, descriptor);
  Req()(WebhooksController.prototype, key, 0);
  Res()(WebhooksController.prototype, key, 1);
});

/**
 * The webhook routes of every generated provider as a Nest module: import `WebhooksModule`, or
 * `WebhooksModule.forRoot(options)` for pipeline options ({@link NestWebhookOptions}).
 */
export class WebhooksModule {
  /** The module with pipeline options (`trustedProxies`, shared stores, a logger, …). */
  static forRoot(options: NestWebhookOptions): DynamicModule {
    return { module: WebhooksModule, providers: [{ provide: NEST_WEBHOOK_OPTIONS, useValue: options }] };
  }
}

Module({ controllers: [WebhooksController] })(WebhooksModule);
