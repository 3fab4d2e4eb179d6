import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type IConfiguration, type ICruiseResult } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const config = createRequire(import.meta.url)(path.join(root, '.dependency-cruiser.cjs')) as IConfiguration;

async function violations(paths: string[], cwd = root) {
  const previous = process.cwd();
  process.chdir(cwd); // dependency-cruiser resolves paths and tsconfig from the working directory
  try {
    const result = await cruise(paths, {
      ...config.options,
      tsConfig: { fileName: path.join(root, 'tsconfig.json') },
      ruleSet: { forbidden: config.forbidden ?? [] },
      validate: true,
    });
    const output = result.output as ICruiseResult;
    return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
  } finally {
    process.chdir(previous);
  }
}

describe('import graph (.dependency-cruiser.cjs)', () => {
  it('has no circles and no upward imports, and the code Lambda runs imports no tooling', async () => {
    expect(await violations(['shared', 'functions', 'cli', 'infra'])).toEqual([]);
  }, 120_000);

  it('reports an import from a lower floor to a higher one, and a folder no floor places', async () => {
    const fixture = path.join(root, 'test', 'fixtures', 'import-floors');
    expect((await violations(['shared'], fixture)).sort()).toEqual([
      'every-shared-module-has-a-floor: shared/unplaced/extra.ts → shared/model/thing.ts',
      'no-upward-import-from-model: shared/model/thing.ts → shared/errors/fault.ts',
      'no-upward-import-from-slack: shared/slack/render.ts → shared/engine/step.ts',
    ]);
  }, 120_000);

  it('reports a circle of type-only imports', async () => {
    expect(await violations(['test/fixtures/import-circle'])).toEqual([
      // One violation per circle, reported at its first module.
      'no-circular: test/fixtures/import-circle/a.ts → test/fixtures/import-circle/b.ts',
    ]);
  }, 120_000);
});
