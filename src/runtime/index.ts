/**
 * smart-api-integrations runtime: the package's "." export. Generated code and users import
 * from here; nothing here imports the generator.
 */
export type {
  EventGroup,
  EventMap,
  EventOf,
  HandlerEvent,
  HandlerName,
  HandlerResult,
  JsonValue,
  UnknownWebhookEvent,
  WebhookEvent,
  WebhookHandler,
  WebhookMiddleware,
  WebhookProviders,
} from "./event.js";
export {
  BodyTimeoutError,
  BodyTooLargeError,
  RawBodyUnavailableError,
  type EventExtraction,
  type HeaderBag,
  type ObjectMode,
  type PayloadValidator,
  type ProviderDefinition,
  type RateLimitConfig,
  type SignatureConfig,
  type AsymmetricSchemeConfig,
  type HandshakeConfig,
  type HandshakeMatch,
  type HmacSchemeConfig,
  type SignedMessageConfig,
  type SignedTimestamp,
  type StandardWebhooksSchemeConfig,
  type TokenSchemeConfig,
  type ValidationIssue,
  type ValidationMode,
  type ValidatorFactory,
  type ValueSource,
  type DeliveryBudget,
  type RetrySchedule,
  type WebhookConfig,
  type WebhookRequest,
  type WebhookResponse,
} from "./types.js";
export {
  getWebhookRegistry,
  WebhookRegistry,
  type ProviderName,
  type WebhookEventMap,
  type WebhookName,
} from "./registry.js";
export { Processor } from "./processor.js";
export { driftKind, type DriftHook, type DriftIssue, type DriftKind, type DriftReport } from "./drift.js";
export {
  DeadLetterList,
  keptHeaders,
  type DeadLetterEntry,
  type DeadLetterHook,
  type DeadLetterInput,
  type DeadLetterLimits,
  type DeadLetterReason,
} from "./dead-letter.js";
export { createWebhookHandler, withNotFound, type PipelineOptions, type TokenBudget, type WebhookHandlerFn } from "./pipeline.js";
export type { QueueOptions } from "./pipeline/options.js";
export type { DeliveryMode, QueuedDelivery, RunLedger, RunState, WebhookQueue } from "./queue/types.js";
export { shutdownOnSignal, WebhookLifecycle, type DrainResult, type ShutdownOptions } from "./lifecycle.js";
export { OUTCOMES, type Outcome, type OutcomeRule } from "./pipeline/outcomes.js";
export { fromWebRequest, readWebBody, toWebResponse, type WebRequestInfo } from "./web.js";
export { normalizePath, RouteTable, type WebhookRoute } from "./routes.js";
export { defaultLogger, redactHeaders, type LogFields, type WebhookLogger } from "./log.js";
export { WebhookVerifier, type VerifyInput, type VerifyResult } from "./verifiers/verifier.js";
export { StripeVerifier, type StripeVerifierOptions } from "./verifiers/stripe.js";
export { GitHubVerifier, type GitHubVerifierOptions } from "./verifiers/github.js";
export { SlackVerifier, type SlackVerifierOptions } from "./verifiers/slack.js";
export { HmacVerifier, type HmacSignatureConfig, type HmacVerifierOptions } from "./verifiers/hmac.js";
export { NoneVerifier } from "./verifiers/none.js";
export { AsymmetricVerifier, type AsymmetricVerifierOptions } from "./verifiers/schemes/asymmetric.js";
export { TokenVerifier, type TokenVerifierOptions } from "./verifiers/schemes/token.js";
export { StandardWebhooksVerifier, type StandardWebhooksVerifierOptions } from "./verifiers/schemes/standard-webhooks.js";
export { answerHandshake, handshakesOf, type HandshakeReply } from "./handshakes.js";
export { createVerifier, type CreateVerifierOptions } from "./verifiers/create-verifier.js";
export { createCrypto, defaultCrypto, type CreateCryptoOptions, type CryptoBackend } from "./crypto/index.js";
export { timingSafeEqual } from "./verifiers/timing-safe.js";
export { createIpMatcher, parseCidr, parseIp, resolveClientIp, type Cidr, type IpMatcher } from "./guards/ip.js";
export type { ClaimResult, DedupeStore, MaybePromise, RateLimitDecision, RateLimitStore } from "./stores/types.js";
export { MemoryDedupeStore, type MemoryDedupeOptions } from "./stores/memory-dedupe.js";
export { MemoryRateLimitStore, type MemoryRateLimitOptions } from "./stores/memory-rate-limit.js";
export { MemoryOrderingStore, type MemoryOrderingOptions, type OrderingStore } from "./stores/ordering.js";
export { RedisOrderingStore, type RedisOrderingOptions } from "./stores/redis-ordering.js";
export {
  RedisDedupeStore,
  RedisRateLimitStore,
  type RedisCommands,
  type RedisConnection,
  type RedisDedupeOptions,
  type RedisEval,
  type RedisRateLimitOptions,
} from "./stores/redis.js";
export {
  replayDeadLetter,
  replayDeadLetters,
  type DeadLetterQuery,
  type DeadLetterStore,
  type DeadLetterUpdate,
  type ReplayOptions,
  type ReplayOutcome,
  type ReplayResult,
  type StoredDeadLetter,
} from "./stores/dead-letter-store.js";
export { RedisDeadLetterStore, type RedisDeadLetterOptions } from "./stores/redis-dead-letters.js";
export { safeJsonParse } from "./parse.js";
