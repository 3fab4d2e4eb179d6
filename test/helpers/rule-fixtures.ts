/** Loads the rule fixtures in test/fixtures/cloudtrail/<rule-id>/ (tests only). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CloudTrailEvent } from '../../shared/cloudtrail/event.js';
import { normaliseRecord } from '../../shared/cloudtrail/normalise-record.js';
import { DEFAULT_DETECTION_SETTINGS, type DetectionSettings } from '../../shared/model/detection-settings.js';
import type { IamContext } from '../../shared/rules/support/rule-context.js';
import { fixtureContext, type FixtureContext } from './fixture-context.js';

export const fixturesRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'cloudtrail');

export interface RuleFixture {
  /** Folder name: the rule id the fixture is about. */
  readonly ruleId: string;
  /** File name, e.g. `match-root-with-mfa.json`. */
  readonly file: string;
  readonly expect: 'match' | 'no-match';
  readonly description: string;
  readonly event: CloudTrailEvent;
  readonly settings: DetectionSettings;
  readonly context: IamContext;
}

/** Rule ids that have a fixture folder. */
export function fixtureRuleIds(): string[] {
  return readdirSync(fixturesRoot)
    .filter((name) => statSync(path.join(fixturesRoot, name)).isDirectory())
    .sort();
}

/** Every fixture of one rule; throws with the file name when a fixture is malformed. */
export function ruleFixtures(ruleId: string): RuleFixture[] {
  const folder = path.join(fixturesRoot, ruleId);
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  return names.sort().map((file) => loadFixture(ruleId, file));
}

export function loadFixture(ruleId: string, file: string): RuleFixture {
  const where = `${ruleId}/${file}`;
  const expect = file.startsWith('match-') ? 'match' : file.startsWith('no-match-') ? 'no-match' : undefined;
  if (!expect) throw new Error(`${where}: fixture names start with match- or no-match-`);
  const raw = JSON.parse(readFileSync(path.join(fixturesRoot, ruleId, file), 'utf8')) as {
    description?: unknown;
    event?: unknown;
    settings?: Partial<DetectionSettings>;
    context?: FixtureContext;
  };
  if (typeof raw.description !== 'string' || raw.description.trim() === '') {
    throw new Error(`${where}: needs a description`);
  }
  const normalised = normaliseRecord(raw.event);
  if (!normalised.ok) throw new Error(`${where}: event not accepted (${normalised.reason}: ${normalised.detail})`);
  return {
    ruleId,
    file,
    expect,
    description: raw.description,
    event: normalised.event,
    settings: {
      ...DEFAULT_DETECTION_SETTINGS,
      ...raw.settings,
      passwordBaseline: { ...DEFAULT_DETECTION_SETTINGS.passwordBaseline, ...raw.settings?.passwordBaseline },
    },
    context: fixtureContext(raw.context),
  };
}
