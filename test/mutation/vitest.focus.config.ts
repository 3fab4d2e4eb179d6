import { defineConfig } from 'vitest/config';
import base from '../../vitest.config.js';

/**
 * vitest config for quick mutation runs over one area: only the test files
 * named in WARDEN_MUTATION_TESTS (comma-separated globs) run, instead of
 * every test that imports the mutated file (which includes the slow,
 * emulator-backed handler tests). Scores from it are a lower bound on the
 * full run's. See README "Mutation testing".
 */
const focus = (process.env['WARDEN_MUTATION_TESTS'] ?? '')
  .split(',')
  .map((glob) => glob.trim())
  .filter((glob) => glob !== '');

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    ...(focus.length > 0 ? { include: focus } : {}),
  },
});
