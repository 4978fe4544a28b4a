// n8n's verification scanner ignores ESLint directive comments, and `n8n-node lint` runs ESLint
// without --no-inline-config. So the sources n8n's rules lint may not carry any directive: a
// disable comment would hide a finding from us that the scanner still reports.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseForESLint } from '@typescript-eslint/parser';

const root = path.resolve(import.meta.dirname, '..');
// Block comments can configure ESLint; line comments only disable it.
const BLOCK = /^\s*(eslint(-disable(-line|-next-line)?|-enable|-env)?|globals?|exported)(\s|$)/;
const LINE = /^\s*eslint-disable(-line|-next-line)?(\s|$)/;

const files = ['nodes', 'credentials'].flatMap((dir) =>
	readdirSync(path.join(root, dir), { recursive: true })
		.filter((f) => f.endsWith('.ts'))
		.map((f) => path.join(dir, f)),
);
const found = [];
for (const file of files) {
	const { ast } = parseForESLint(readFileSync(path.join(root, file), 'utf8'), { comment: true, loc: true, range: true });
	for (const c of ast.comments ?? []) {
		if ((c.type === 'Block' ? BLOCK : LINE).test(c.value)) found.push(`${file}:${c.loc.start.line}: ${c.value.trim()}`);
	}
}
if (found.length) {
	console.error(`ESLint directive comments are not allowed (n8n's scanner ignores them):\n${found.join('\n')}`);
	process.exitCode = 1;
} else {
	console.log(`No ESLint directive comments in ${files.length} source files.`);
}
