import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderRuleCatalogue } from '../../cli/render-rule-catalogue.js';
import { CATALOGUE } from '../../shared/rules/catalogue.js';

describe('docs/rules.md', () => {
  it('is what `npm run docs` generates from the catalogue (run it after changing a rule)', () => {
    const onDisk = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(renderRuleCatalogue(CATALOGUE, 'markdown'));
  });
});
