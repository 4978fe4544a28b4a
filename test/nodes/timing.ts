/**
 * Jest set-up for every test file: the waits n8n really makes, shortened where no test measures
 * them, since every test of a retry or a publish would otherwise wait for real:
 * - publishing's settle delay (500 ms, long enough for a concurrent write to land): only the
 *   concurrency tests race writers against it, and they put the real delay back;
 * - the back-off before a retry (500 ms doubling, jittered): transport.test.ts, which checks its
 *   size on a fake clock, puts the real base back. Retry-After, which tests measure, is untouched.
 */
import { listTiming } from '../../nodes/WhapiJoinRequestsTrigger/webhookList';
import { DEFAULT_RETRY_POLICY } from '../../nodes/shared/retry';

export const PUBLISH_SETTLE_MS = listTiming.settleMs;
export const RETRY_BASE_DELAY_MS = DEFAULT_RETRY_POLICY.baseDelayMs;
listTiming.settleMs = 10;
DEFAULT_RETRY_POLICY.baseDelayMs = 10;
