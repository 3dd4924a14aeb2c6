// `npx tsx examples/nest/main.ts`: the example Nest app on port 3000 (set the *_WEBHOOK_SECRET env vars first).
import { createApp } from "./app.js";

const app = await createApp();
await app.listen(Number(process.env.PORT ?? 3000));
console.log(`listening on ${await app.getUrl()}`);
