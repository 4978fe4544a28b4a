/**
 * Jest set-up for every test file: publishing's settle delay (500 ms in n8n, long enough for a
 * concurrent write to land) shortened, since only the concurrency tests race writers, and they
 * put the real delay back. Every publish in the unit tests would otherwise wait half a second.
 */
import { listTiming } from '../../nodes/WhapiJoinRequestsTrigger/webhookList';

export const PUBLISH_SETTLE_MS = listTiming.settleMs;
listTiming.settleMs = 10;
