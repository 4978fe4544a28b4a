/**
 * Imported first by the harness, before n8n-core: n8n-core's `InstanceSettings` (created lazily
 * by every node execution context) reads `N8N_USER_FOLDER` and writes `<folder>/.n8n/config`
 * with a fresh encryption key. Point it at a throw-away folder so tests never touch `~/.n8n`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.N8N_USER_FOLDER) {
	const folder = mkdtempSync(join(tmpdir(), 'n8n-harness-'));
	process.env.N8N_USER_FOLDER = folder;
	process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
}
// Keep n8n-core's logger quiet unless a test asks for it.
process.env.N8N_LOG_LEVEL ??= 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';

export const HARNESS_USER_FOLDER = process.env.N8N_USER_FOLDER;
