// n8n's lint rules are for the code that ships (nodes/, credentials/, package.json): tests may
// use process, timers, node:http and n8n-core, which those rules forbid. `npm run lint` turns on
// ESLint's per-folder config lookup (the default from ESLint 10), so this file, not the root
// one, governs test/. The tests are type-checked by `tsc -p tsconfig.json` in `npm test`.
export default [{ ignores: ['**'] }];
