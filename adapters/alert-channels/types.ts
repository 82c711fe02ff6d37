import type { Mentions } from '../../core/alerting/mentions.js';
import type { MessageView } from '../../core/alerting/message.js';
import type { ChannelType, TemplateConfig } from '../../core/alerting/routes-schema.js';

/** What one call to a provider looked like, redacted, for the audit trail. */
export interface AttemptRecord {
  url: string;
  request: unknown;
  status?: number;
  response?: unknown;
  error?: string;
  durationMs: number;
}

/**
 * How a send ended. `retry`: failed, nothing (more) was delivered, safe to try again later;
 * `failed`: the provider rejected it for good; `unknown`: it may have been delivered (a timeout
 * after the request went out): never resent blindly, reported instead.
 */
export type SendResult = 'success' | 'retry' | 'failed' | 'unknown';

export interface SendOutcome {
  result: SendResult;
  /** Short reason, e.g. `errcode 130101: send too fast`. */
  detail: string;
  /** Parts delivered so far (counting parts done by earlier attempts). */
  partsDone: number;
  /** The provider asked to wait at least this long (rate limits). */
  retryAfterMs?: number;
  attempts: AttemptRecord[];
  /** Set when a configured template failed and the built-in one was used. */
  templateError?: string;
  /** Provider message ids (Aliyun BizId, Tencent SerialNo). */
  providerIds?: string[];
  /** Which path delivered it when a fallback was used (e.g. `wecom-app`). */
  via?: string;
}

/** A message ready for a channel: the alerts, who to mention, which template. */
export interface OutgoingMessage {
  view: MessageView;
  mentions: Mentions;
  template?: TemplateConfig;
  /** Parts delivered by an earlier attempt of the same notification: skipped now. */
  partsDone: number;
  /** Our id for the send, echoed by SMS providers (Aliyun OutId, Tencent SessionContext). */
  reference: string;
  /** At most this many parts now (what the robot's rate limit still allows). */
  maxParts?: number;
  /** SMS: the one phone number this notification goes to. */
  phone?: string;
}

/** One configured channel (a robot, an SMS account...). */
export interface ChannelClient {
  readonly type: ChannelType;
  send(message: OutgoingMessage, signal?: AbortSignal): Promise<SendOutcome>;
}
