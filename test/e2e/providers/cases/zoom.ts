/**
 * Zoom event notifications as Zoom sends them: x-zm-signature, `v0=` + hex HMAC-SHA256 of
 * "v0:" + x-zm-request-timestamp + ":" + raw body keyed by the app's Secret Token, and the signed
 * endpoint.url_validation whose reply is checked against Zoom's construction. No Zoom SDK is a
 * dependency, so both are computed with node:crypto as Zoom documents them.
 */
import { createHmac } from "node:crypto";
import type { ProviderCases } from "../case.js";

const SECRET = "e2e-zoom-secret-token";
function headers(body: string, secret = SECRET, ts = Math.floor(Date.now() / 1000)) {
  const t = String(ts);
  return { "x-zm-request-timestamp": t, "x-zm-signature": `v0=${createHmac("sha256", secret).update(`v0:${t}:${body}`).digest("hex")}` };
}

const plainToken = "qgg8vlvZRS6UYooatFL8Aw";
const validation = JSON.stringify({ payload: { plainToken }, event_ts: Date.now(), event: "endpoint.url_validation" });
const meeting = { id: 1234567890, uuid: "4444AAAiAAAAAiAiAiiAii==", host_id: "x1yCzABCDEfg23HiJKl4mN", topic: "My Meeting", type: 2, start_time: "2021-07-13T21:44:51Z", timezone: "America/Los_Angeles", duration: 60 };
const started = JSON.stringify({ event: "meeting.started", event_ts: Date.now(), payload: { account_id: "AAAAAABBBB", object: meeting } });
const joined = JSON.stringify({
  event: "meeting.participant_joined",
  event_ts: Date.now(),
  payload: { account_id: "AAAAAABBBB", object: { ...meeting, participant: { user_id: "16778240", user_name: "Jill Chill", id: "", join_time: "2021-07-13T21:45:00Z", email: "" } } },
});
const recording = JSON.stringify({
  event: "recording.completed",
  event_ts: Date.now(),
  download_token: "token",
  payload: { account_id: "AAAAAABBBB", object: { ...meeting, share_url: "https://example.com", total_size: 246560, recording_count: 1, recording_files: [{ id: "ed6c2f27", file_type: "MP4", file_size: 246560, status: "completed", download_url: "https://example.com/rec/download/1" }] } },
});

const cases: ProviderCases = {
  provider: "zoom",
  env: { ZOOM_SECRET_TOKEN: SECRET },
  deliveries: () => [
    {
      label: "endpoint.url_validation answered with the signed token",
      body: validation,
      headers: headers(validation),
      expect: { status: 200, bodyIncludes: JSON.stringify({ plainToken, encryptedToken: createHmac("sha256", SECRET).update(plainToken).digest("hex") }) },
    },
    { label: "meeting.started", body: started, headers: headers(started), expect: { status: 200, event: "meeting.started" } },
    { label: "meeting.participant_joined", body: joined, headers: headers(joined), expect: { status: 200, event: "meeting.participant_joined" } },
    { label: "recording.completed", body: recording, headers: headers(recording), expect: { status: 200, event: "recording.completed" } },
    { label: "a retry (same body, new signature): duplicate", body: started, headers: headers(started), expect: { status: 200, bodyIncludes: "duplicate" } },
    { label: "tampered body", body: joined.replace("Jill Chill", "Jill Chilly"), headers: headers(joined), expect: { status: 401 } },
    { label: "wrong secret token", body: started, headers: headers(started, "not-the-secret-token"), expect: { status: 401 } },
    { label: "url_validation with a wrong secret is not answered", body: validation, headers: headers(validation, "not-the-secret-token"), expect: { status: 401 } },
    { label: "timestamp 10 minutes old", body: recording, headers: headers(recording, SECRET, Math.floor(Date.now() / 1000) - 600), expect: { status: 401 } },
  ],
};
export default cases;
