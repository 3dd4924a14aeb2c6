/** The shared adapter cases against Fastify 5, whose own JSON parser serves the app's routes. */
import Fastify from "fastify";
import { fastifyWebhookRoutes } from "../../../src/adapters/fastify.js";
import { runAdapterCases } from "./cases.js";

runAdapterCases("fastify", "echo", async (s) => {
  const app = Fastify();
  fastifyWebhookRoutes(app, s.routes, s.options);
  app.post("/echo", async (request) => ({ parsed: request.body }));
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return { base: `http://127.0.0.1:${port}`, close: () => app.close() };
});
