import { nextPagesRoute } from "smart-api-integrations/next";
// Importing the generated index also registers every generated provider with the registry.
import "{{ index }}";

/** Pages Router API handler of the {{ provider }}/{{ webhook }} webhook. */
export default nextPagesRoute({{ route }});

/** Next's body parser would consume the stream the signature is checked over. */
export const config = { api: { bodyParser: false } };
