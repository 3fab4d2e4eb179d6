// The import graph's rules (`npm run lint:deps`; also checked by
// test/docs/import-graph.test.ts). Circles make a module's meaning depend on
// load order; the code Lambda runs must not reach the CLI, the stack
// generation or the tests.
//
// The floors of shared/, lowest first. A module imports its own floor or lower
// ones, never a higher one: the model at the bottom imports nothing of
// Warden's; the Slack side renders and posts but never calls the engine; the
// engine runs the pipeline; the sweep and the function wiring sit on top.
const FLOORS = [
  ['model'],
  ['errors'],
  ['aws'],
  ['settings', 'config.ts'],
  ['cloudtrail'],
  ['policy'],
  ['actions'],
  ['bus'],
  ['rules'],
  ['snapshot'],
  ['store'],
  ['context'],
  ['slack'],
  ['engine'],
  ['sweep'],
  ['runtime'],
];
const inFloors = (floors) => `^shared/(${floors.flat().join('|').replaceAll('.', '\\.')})(/|$)`;
const noUpwardImports = FLOORS.slice(0, -1).map((floor, index) => ({
  name: `no-upward-import-from-${floor[0]}`,
  severity: 'error',
  comment: `shared/${floor.join(', shared/')} may import only its own floor or lower ones (see FLOORS).`,
  from: { path: inFloors([floor]) },
  to: { path: inFloors(FLOORS.slice(index + 1)) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...noUpwardImports,
    {
      name: 'shared-not-functions',
      severity: 'error',
      comment: 'Shared code never imports a Lambda handler or its wiring.',
      from: { path: '^shared/' },
      to: { path: '^functions/' },
    },
    {
      name: 'every-shared-module-has-a-floor',
      severity: 'error',
      comment: 'A new folder of shared/ must be placed in FLOORS.',
      from: { path: '^shared/', pathNot: inFloors(FLOORS) },
      to: {},
    },
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
