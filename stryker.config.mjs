// Mutation testing of Warden's security core (issue 10): `npm run test:mutation`.
// Not part of `npm test`: a full run takes long. Reports and the incremental
// state go to reports/mutation/ (git-ignored); see README "Mutation testing".
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts', related: true },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // The security core: what decides whether a change is dangerous, who may
  // act on it, and what is done about it.
  mutate: [
    'shared/policy/**/*.ts',
    'shared/slack/verify-signature.ts',
    'shared/slack/authorise-clicker.ts',
    'shared/engine/ignore-stage.ts',
    'shared/engine/decide.ts',
    'shared/engine/own-calls.ts',
    'shared/engine/protected-principals.ts',
    'shared/actions/**/*.ts',
  ],
  // Re-tests only mutants whose code or covering tests changed since the last run.
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 90, low: 80, break: null },
  // Tests start the AWS emulator per file; give slow mutants room before calling them timeouts.
  timeoutMS: 20000,
  timeoutFactor: 2,
  dryRunTimeoutMinutes: 20,
  concurrency: 1,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};

export default config;
