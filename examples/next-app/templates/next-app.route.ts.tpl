import { nextAppRoute } from "smart-api-integrations/next";
// Importing the generated index also registers every generated provider with the registry.
import "{{ index }}";
// The app's handlers, registered when the first route module loads: before its first delivery.
import "@/webhook_handlers";

/**
 * App Router handler of the {{ provider }}/{{ webhook }} webhook. It reads the raw body itself, so
 * nothing (middleware included) may read `request.json()` first.
 */
export const POST = nextAppRoute({{ route }});

// Verification needs the exact bytes and Node's crypto; never prerendered or cached.
export const runtime = "{{ runtime }}";
export const dynamic = "force-dynamic";
