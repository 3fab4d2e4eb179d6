// The import graph's rules (`npm run lint:deps`; also checked by
// test/docs/import-graph.test.ts). Circles make a module's meaning depend on
// load order; the code Lambda runs must not reach the CLI, the stack
// generation or the tests.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import circles, type-only imports included.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'runtime-not-tooling',
      severity: 'error',
      comment: 'Code the Lambda functions run (shared/, functions/) never imports the CLI, infra/ or tests.',
      from: { path: '^(shared|functions)/' },
      to: { path: '^(cli|infra|test|bench|scripts)/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|\\.stryker-tmp)/' },
  },
};
