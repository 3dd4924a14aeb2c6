// Not part of a real app: the mistake the e2e test checks is refused. Without
// `config = { api: { bodyParser: false } }`, Next parses the body first, so the signed bytes are
// gone and every delivery must be answered 500, never accepted unverified.
import { nextPagesRoute } from "smart-api-integrations/next";
import "../../../../generated/index.js";
import "@/webhook_handlers";

export default nextPagesRoute({ provider: "stripe", webhook: "default", path: "/webhooks/stripe/" });
