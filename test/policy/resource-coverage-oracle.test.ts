import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Catalog from '../../shared/policy/action-catalog.js';
import type * as ResourceCoverage from '../../shared/policy/resource-coverage.js';

let coverage: typeof ResourceCoverage;
afterEach(() => {
  vi.doUnmock('../../shared/policy/action-catalog.js');
  vi.resetModules();
});

/**
 * A catalogue whose only service, `demo`, has the given resource-type ARN
 * formats, installed in a fresh module graph: the installed catalogue is fixed
 * for a module graph, and the coverage cache must not answer from an earlier
 * test or run (see resource-coverage.test.ts).
 */
async function useFormats(formats: Record<string, string>): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'iam-data-'));
  mkdirSync(path.join(dir, 'resourceTypes'));
  const types = Object.fromEntries(Object.entries(formats).map(([name, arn]) => [name, { arn }]));
  writeFileSync(path.join(dir, 'resourceTypes', 'demo.json'), JSON.stringify(types));
  vi.resetModules();
  vi.doMock('../../shared/policy/action-catalog.js', async (importOriginal) => {
    const real = await importOriginal<typeof Catalog>();
    return { ...real, installedActionCatalog: real.createActionCatalog({ dataDir: dir }) };
  });
  coverage = await import('../../shared/policy/resource-coverage.js');
}

const covered = (pattern: string) => [...coverage.coveredResourceTypes(pattern, 'demo')].sort();

/**
 * The reference answer, by brute force: some string over `a`, `:` and `z` of
 * at most `maxLength` characters matches both. A shortest common string needs
 * no more characters than the two have literal and `?` tokens together (a
 * character both sides absorb in a run can be dropped), which the generated
 * cases keep within `maxLength`.
 */
function patternRegExp(pattern: string): RegExp {
  let source = '';
  for (const part of pattern.split(/(\$\{[^}]*\}|\*|\?)/)) {
    if (part === '*' || /^\$\{(?![*?$]\})[^}]*\}$/.test(part)) source += '.*';
    else if (part === '?') source += '.';
    else if (/^\$\{[*?$]\}$/.test(part)) source += `\\${part[2]}`;
    else source += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

function formatRegExp(format: string): RegExp {
  let source = '';
  for (const part of format.split(/(\$\{[^}]*\})/)) {
    source += /^\$\{[^}]*\}$/.test(part) ? '[^:]*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

function strings(alphabet: string, maxLength: number): string[] {
  const all = [''];
  let last = [''];
  for (let length = 1; length <= maxLength; length += 1) {
    last = last.flatMap((prefix) => [...alphabet].map((char) => prefix + char));
    all.push(...last);
  }
  return all;
}

/** Deterministic cases: pseudo-random, the same on every run. */
function generator(seed: number): (choices: readonly string[]) => string {
  let state = seed;
  return (choices) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return choices[Math.floor((state / 2147483648) * choices.length)] as string;
  };
}

function generated(pick: (choices: readonly string[]) => string, parts: readonly string[], runs: readonly string[]) {
  let text = '';
  let fixed = 0;
  while (fixed < 3) {
    const part = pick([...parts, ...runs, 'end']);
    if (part === 'end') break;
    if (!runs.includes(part)) fixed += 1;
    text += part;
  }
  return text;
}

describe('coveredResourceTypes agrees with a brute-force search for a common ARN', () => {
  it('on generated patterns and formats', async () => {
    const pick = generator(20261204);
    const formats = new Set<string>();
    while (formats.size < 40) formats.add(generated(pick, ['a', ':'], ['${p}']));
    const patterns = new Set<string>();
    while (patterns.size < 150) patterns.add(generated(pick, ['a', ':', '?'], ['*', '${v}']));
    const names = [...formats].map((_, index) => `t${index}`);
    await useFormats(Object.fromEntries([...formats].map((format, index) => [names[index], format])));

    const candidates = strings('a:z', 6);
    const matching = (regExp: RegExp) => new Set(candidates.filter((text) => regExp.test(text)));
    const byFormat = [...formats].map((format) => matching(formatRegExp(format)));
    let someCovered = 0;
    for (const pattern of patterns) {
      const texts = matching(patternRegExp(pattern));
      const expected = names.filter((_, index) => [...texts].some((text) => byFormat[index]?.has(text))).sort();
      expect({ pattern, covered: covered(pattern) }).toEqual({ pattern, covered: expected });
      if (expected.length > 0 && expected.length < names.length) someCovered += 1;
    }
    // The cases tell covering from not covering, not only all from none.
    expect(someCovered).toBeGreaterThan(50);
  });
});

describe('coveredResourceTypes reads formats as iam-data spells them', () => {
  it('takes a `$` or `{` outside a closed `${…}` literally', async () => {
    await useFormats({
      dollar: 'a$b',
      brace: 'a{b',
      open: 'a${b',
      closed: 'a${x}b',
      ends: 'ab}',
      curly: 'a{b}',
      dollarEnd: 'a$b}',
    });
    expect(covered('a$b')).toEqual(['closed', 'dollar']);
    expect(covered('a{b')).toEqual(['brace', 'closed']);
    expect(covered('a${b')).toEqual(['closed', 'open']);
    expect(covered('a:b')).toEqual([]);
    expect(covered('azzb')).toEqual(['closed']);
    expect(covered('ab}')).toEqual(['ends']);
    expect(covered('zb}')).toEqual([]);
    expect(covered('a{b}')).toEqual(['curly']);
    expect(covered('a$b}')).toEqual(['dollarend']);
    expect(covered('zzz')).toEqual([]);
    expect(covered('az')).toEqual([]);
  });

  it('answers each installed catalogue with its own formats', async () => {
    // A catalogue is no longer reconfigured in place: each module graph installs
    // one, and the coverage cache (kept without a catalogue in its key) answers
    // from that one alone.
    await useFormats({ thing: 'arn:aws:demo:::thing/${Name}' });
    expect(covered('arn:aws:demo:::thing/x')).toEqual(['thing']);
    await useFormats({ other: 'arn:aws:demo:::other/${Name}' });
    expect(covered('arn:aws:demo:::thing/x')).toEqual([]);
    expect(covered('arn:aws:demo:::other/*')).toEqual(['other']);
  });
});

describe('what coveredResourceTypes keeps', () => {
  it('keeps one answer per pattern and service, for at most 8192 of them (memory stays bounded)', async () => {
    await useFormats({ thing: 'arn:aws:demo:::thing/${Name}' });
    const ask = (i: number, service = 'demo') => coverage.coveredResourceTypes(`arn:aws:demo:::thing/${i}`, service);
    const first = ask(0);
    expect(ask(0, 'DEMO')).toBe(first);
    for (let i = 1; i < 8192; i += 1) ask(i);
    expect(ask(0)).toBe(first);
    ask(8192);
    const again = ask(0);
    expect(again).not.toBe(first);
    expect([...again]).toEqual(['thing']);
  });

  it('answers a pattern of many wildcards against a format of many placeholders, each state once', async () => {
    // A search that revisited states would take exponential time here.
    await useFormats({ many: `${'a${p}'.repeat(40)}:b` });
    expect(covered(`${'*a'.repeat(40)}*:c`)).toEqual([]);
    expect(covered(`${'*a'.repeat(40)}*:b`)).toEqual(['many']);
  });
});
