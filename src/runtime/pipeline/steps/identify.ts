/**
 * Identify: parse the body, answer handshakes the endpoint itself must answer, read the event's
 * type, id and timestamp, and apply the catalog and the `events:` filter.
 */
import { bytesToHex, sha256 } from "../../crypto/index.js";
import type { MaybePromise } from "../../maybe-promise.js";
import { whenReady } from "../run-steps.js";
import { BodyParseError, parseBody } from "../../parse.js";
import { headerText, type ExtractedEvent } from "../../extract.js";
import { DeliveryEvent, type Delivery } from "../delivery.js";
import type { PipelineSettings } from "../options.js";
import type { Outcome } from "../outcomes.js";
import { answerHandshake, handshakesOf, type HandshakeReply } from "../../handshakes.js";

/** Builds the identify step. */
export function createIdentify(settings: PipelineSettings) {
  const { log } = settings;

  function identified(d: Delivery, extracted: ExtractedEvent, id: string): Outcome | undefined {
    const { def, where, catalog, subscribed } = d.ctx;
    let type = extracted.type;
    // e.g. GitHub "push" carries no action: the bare type is the catalog's name.
    if (type !== undefined && !catalog.has(type) && extracted.baseType !== undefined && catalog.has(extracted.baseType)) {
      type = extracted.baseType;
    }
    const known = type !== undefined && catalog.has(type);
    if (known && subscribed !== undefined && !subscribed.has(type!)) {
      if (log.debugEnabled) log.debug("ignored: event not subscribed", { ...where, type });
      return "unsubscribed";
    }
    d.event = new DeliveryEvent(def.name, where.webhook, id, type ?? "", extracted.timestampMs, d.payload, d.rawBody, d.req.headers, known);
    if (known) return undefined;
    // Outside the catalog: `"*"` handlers receive it (unvalidated: there is no schema) unless the
    // webhook subscribes to named events only; otherwise settle keeps it as a dead letter.
    return subscribed === undefined && d.ctx.processor.hasWildcard() ? undefined : "unknown_event_type";
  }

  function handshake(d: Delivery, reply: HandshakeReply): Outcome {
    d.body = reply.body;
    if (reply.contentType !== "application/json") d.bodyType = reply.contentType;
    return "handshake";
  }

  function event(d: Delivery): MaybePromise<Outcome | undefined> {
    const extracted = d.ctx.extraction(d.req.headers, d.payload, d.receivedAt);
    if (extracted.id !== undefined) return identified(d, extracted, extracted.id);
    // No id in the delivery: the SHA-256 of the body stands in, so a byte-identical redelivery still dedupes.
    return whenReady(
      sha256(d.rawBody),
      (bytes) => identified(d, extracted, bytesToHex(bytes)),
      (error) => {
        throw error; // no hash, no identity: the pipeline's 500
      },
    );
  }

  return function identify(d: Delivery): MaybePromise<Outcome | undefined> {
    const { def, where } = d.ctx;
    try {
      d.payload = parseBody(d.rawBody, def.bodyFormat, headerText(d.req.headers, "content-type"));
    } catch (error) {
      if (!(error instanceof BodyParseError)) throw error;
      if (log.debugEnabled) log.debug("rejected: body does not parse", where);
      return "bad_body";
    }
    // Verified already: every provider with a handshake signs it like any other delivery.
    if (def.handshake !== undefined) {
      const reply = answerHandshake(handshakesOf(def.handshake), d.payload, d.req.headers, d.secrets);
      if (reply !== undefined) {
        return whenReady(
          reply,
          (r) => handshake(d, r),
          (error) => {
            throw error;
          },
        );
      }
    }
    return event(d);
  };
}
