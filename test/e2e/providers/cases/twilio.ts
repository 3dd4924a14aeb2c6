/**
 * Twilio webhooks as Twilio sends them, signed by the `twilio` SDK itself: form posts with
 * X-Twilio-Signature = base64 HMAC-SHA1(Auth Token, URL + sorted parameters), over the URL the
 * server reconstructs (`https://` + Host, path and query); a JSON body with `?bodySHA256=` in the
 * signed URL. The spec pins no url_origin, so the Host header names the origin.
 */
import { createHash } from "node:crypto";
import twilio from "twilio";
import type { CaseDelivery, ProviderCases } from "../case.js";

const TOKEN = "e2e-twilio-auth-token-0123456789ab";
const PATH = "/webhooks/twilio/";
const FORM = { "content-type": "application/x-www-form-urlencoded" };
const ACCOUNT = "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";
const sid = (prefix: string, n: number) => `${prefix}${String(n).padStart(32, "0")}`;

const cases: ProviderCases = {
  provider: "twilio",
  env: { TWILIO_AUTH_TOKEN: `secondary-token-before-promotion,${TOKEN}` },
  deliveries: ({ origin }) => {
    const posted = (label: string, params: Record<string, string>, expect: CaseDelivery["expect"], opts: { target?: string; signTarget?: string; token?: string; body?: string } = {}): CaseDelivery => {
      const target = opts.target ?? PATH;
      const signature = twilio.getExpectedTwilioSignature(opts.token ?? TOKEN, `${origin}${opts.signTarget ?? target}`, params);
      return { label, body: opts.body ?? new URLSearchParams(params).toString(), headers: { ...FORM, "x-twilio-signature": signature }, path: target, expect };
    };
    const msg = Date.now() % 1_000_000;
    const sent = { MessageSid: sid("SM", msg), MessageStatus: "sent", SmsStatus: "sent", AccountSid: ACCOUNT, From: "+15558675310", To: "+14017122661", ApiVersion: "2010-04-01" };
    const delivered = { ...sent, MessageStatus: "delivered", SmsStatus: "delivered" };
    const incoming = { MessageSid: sid("SM", msg + 1), AccountSid: ACCOUNT, From: "+14017122661", To: "+15558675310", Body: `Ahoy ${msg}`, NumMedia: "0", SmsStatus: "received", ApiVersion: "2010-04-01" };
    const call = { CallSid: sid("CA", msg), AccountSid: ACCOUNT, From: "+14158675309", To: "+15558675310", Caller: "+14158675309", Called: "+15558675310", CallStatus: "ringing", Direction: "inbound", ApiVersion: "2010-04-01" };
    const callDone = { ...call, CallStatus: "completed", CallbackSource: "call-progress-events", SequenceNumber: "2", CallDuration: "42" };
    const recording = { AccountSid: ACCOUNT, CallSid: sid("CA", msg), RecordingSid: sid("RE", msg), RecordingUrl: "https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE", RecordingStatus: "completed", RecordingDuration: "41" };
    const json = JSON.stringify({ EventType: "com.twilio.messaging.message.delivered", data: { messageSid: sid("SM", msg) } });
    const sha = createHash("sha256").update(json).digest("hex");
    const hashedTarget = `${PATH}?bodySHA256=${sha}`;
    const jsonSignature = twilio.getExpectedTwilioSignature(TOKEN, `${origin}${hashedTarget}`, {});
    return [
      posted("message status callback: sent", sent, { status: 200, event: "message.status" }),
      posted("the next status of the same message: delivered (not a duplicate)", delivered, { status: 200, event: "message.status" }),
      posted("a retry of the same callback: duplicate", delivered, { status: 200, bodyIncludes: "duplicate" }),
      posted("incoming message", incoming, { status: 200, event: "message.incoming" }),
      posted("incoming call (voice URL)", call, { status: 200, event: "call.incoming" }),
      posted("call status callback", callDone, { status: 200, event: "call.status" }),
      posted("recording status callback", recording, { status: 200, event: "recording.status" }),
      posted("status callback URL with a query string", { ...sent, MessageStatus: "queued", SmsStatus: "queued" }, { status: 200, event: "message.status" }, { target: `${PATH}?tenant=acme&kind=sms` }),
      { label: "JSON body, bodySHA256 in the signed URL (a type outside the catalog reaches *)", body: json, headers: { "content-type": "application/json", "x-twilio-signature": jsonSignature }, path: hashedTarget, expect: { status: 200, event: "com.twilio.messaging.message.delivered" } },
      { label: "JSON body changed after signing", body: json.replace("delivered", "failed"), headers: { "content-type": "application/json", "x-twilio-signature": jsonSignature }, path: hashedTarget, expect: { status: 401 } },
      posted("signed for another query string", { ...sent, MessageStatus: "failed" }, { status: 401 }, { target: `${PATH}?tenant=acme`, signTarget: `${PATH}?tenant=other` }),
      posted("signed without the query it was sent with", { ...sent, MessageStatus: "undelivered" }, { status: 401 }, { target: `${PATH}?tenant=acme`, signTarget: PATH }),
      posted("tampered parameter", { ...sent, MessageStatus: "read" }, { status: 401 }, { body: new URLSearchParams({ ...sent, MessageStatus: "read", To: "+19990000000" }).toString() }),
      posted("another account's Auth Token", { ...sent, MessageStatus: "accepted" }, { status: 401 }, { token: "not-our-auth-token" }),
    ];
  },
};
export default cases;
