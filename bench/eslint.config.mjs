// Like test/eslint.config.mjs: n8n's lint rules are for the code that ships, and the benchmarks
// need timers, process and console. `npm run bench` type-checks them (tsconfig.bench.json).
export default [{ ignores: ['**'] }];
