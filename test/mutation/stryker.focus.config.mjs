// Quick mutation runs over one area (see README "Mutation testing"):
//   WARDEN_MUTATION_TESTS='test/slack/verify-signature.test.ts' \
//     npx stryker run test/mutation/stryker.focus.config.mjs --mutate shared/slack/verify-signature.ts
// Same mutants as the full run, but vitest runs only the named test files, no
// TypeScript checker runs (type-incorrect mutants are tested instead of being
// set aside, so the score is a little stricter), and the incremental state is
// kept apart from the full run's.
import base from '../../stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  ...base,
  checkers: [],
  vitest: { configFile: 'test/mutation/vitest.focus.config.ts', related: false },
  incrementalFile: 'reports/mutation/focus-incremental.json',
  htmlReporter: { fileName: 'reports/mutation/focus.html' },
  jsonReporter: { fileName: 'reports/mutation/focus.json' },
};

export default config;
