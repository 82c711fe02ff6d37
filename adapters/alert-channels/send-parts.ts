import type { HttpAnswer } from './http.js';
import type { AttemptRecord, SendOutcome, SendResult } from './types.js';

/** A provider's verdict on one answer. */
export interface Verdict {
  result: SendResult;
  detail: string;
  retryAfterMs?: number;
  providerId?: string;
}

/**
 * Sends the parts of one notification in order, skipping those an earlier attempt delivered,
 * and stops at the first part that did not succeed (the outbox retries from there).
 */
export async function sendParts(
  count: number,
  partsDone: number,
  sendOne: (index: number) => Promise<{ answer: HttpAnswer; verdict: Verdict }>,
  templateError: string | undefined,
): Promise<SendOutcome> {
  const attempts: AttemptRecord[] = [];
  let done = Math.min(partsDone, count);
  let last: Verdict = { result: 'success', detail: done === count ? 'nothing left to send' : 'ok' };
  while (done < count) {
    const { answer, verdict } = await sendOne(done);
    attempts.push(answer.record);
    last = verdict;
    if (verdict.result !== 'success') break;
    done++;
  }
  return {
    result: last.result,
    detail: count > 1 ? `${last.detail} (${done}/${count} parts)` : last.detail,
    partsDone: done,
    attempts,
    ...(last.retryAfterMs !== undefined ? { retryAfterMs: last.retryAfterMs } : {}),
    ...(templateError !== undefined ? { templateError } : {}),
  };
}
