import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_SOURCE } from '../../shared/cloudtrail/event-names.js';
import {
  CloudTrailDetailType,
  catalogueEventNames,
  cloudTrailEventPatterns,
  detectEventNames,
  eventBridgeSource,
} from '../../infra/stack/event-patterns.js';
import { CATALOGUE } from '../../shared/rules/catalogue.js';
import { ANY_EVENT } from '../../shared/rules/support/define-rule.js';
import { SNAPSHOT_WRITE_EVENTS } from '../../shared/snapshot/snapshot-writes.js';
import { matchesEventPattern } from '../helpers/event-pattern-match.js';
import { fixtureRuleIds, fixturesRoot } from '../helpers/rule-fixtures.js';
import { sharedEventsDir } from '../helpers/shared-events-dir.js';
import { readdirSync } from 'node:fs';

const patterns = cloudTrailEventPatterns();
const matchesAny = (event: unknown) => patterns.some(({ pattern }) => matchesEventPattern(pattern, event));

/** The envelope the default bus delivers a CloudTrail record in. */
function envelope(record: Record<string, unknown>): Record<string, unknown> {
  const eventSource = String(record['eventSource'] ?? '');
  return {
    version: '0',
    id: 'test',
    'detail-type':
      record['eventType'] === 'AwsConsoleSignIn' ? CloudTrailDetailType.ConsoleSignIn : CloudTrailDetailType.ApiCall,
    source: eventBridgeSource(eventSource),
    account: String(record['recipientAccountId'] ?? '123456789012'),
    time: String(record['eventTime'] ?? ''),
    region: String(record['awsRegion'] ?? 'us-east-1'),
    resources: [],
    detail: record,
  };
}

function rawFixtures(ruleId: string, prefix: 'match-'): { file: string; event: Record<string, unknown> }[] {
  return readdirSync(path.join(fixturesRoot, ruleId))
    .filter((file) => file.startsWith(prefix) && file.endsWith('.json'))
    .map((file) => {
      const raw = JSON.parse(readFileSync(path.join(fixturesRoot, ruleId, file), 'utf8')) as {
        event: Record<string, unknown>;
      };
      return { file: `${ruleId}/${file}`, event: raw.event };
    });
}

describe('EventBridge patterns generated from the rule catalogue', () => {
  it('list every event name of every rule, under the service that emits it', () => {
    for (const rule of CATALOGUE) {
      if (rule.on === ANY_EVENT) continue;
      for (const name of rule.on) {
        const source = EVENT_SOURCE[name];
        const carrying = patterns.filter(
          ({ pattern }) =>
            pattern.source?.includes(eventBridgeSource(source)) &&
            (pattern.detail?.['eventSource'] as string[] | undefined)?.includes(source) &&
            (pattern.detail?.['eventName'] as string[] | undefined)?.includes(name),
        );
        expect(carrying, `${rule.id}: ${name}`).toHaveLength(1);
      }
    }
  });

  it('list no event name that neither a rule nor the document snapshot needs', () => {
    const listed = patterns.flatMap(({ pattern }) => (pattern.detail?.['eventName'] as string[] | undefined) ?? []);
    expect(listed.sort()).toEqual(detectEventNames());
    expect(detectEventNames()).toEqual([...new Set([...catalogueEventNames(), ...SNAPSHOT_WRITE_EVENTS])].sort());
  });

  it('deliver every write the document snapshot follows, DeleteGroup included (no rule listens to it)', () => {
    expect(catalogueEventNames()).not.toContain('DeleteGroup');
    for (const name of [...SNAPSHOT_WRITE_EVENTS, 'DeleteGroup', 'DeleteRole', 'DeleteUser', 'CreateRole']) {
      const record = { eventSource: 'iam.amazonaws.com', eventName: name, eventTime: '2026-03-01T10:00:00Z' };
      expect(matchesAny(envelope(record)), name).toBe(true);
    }
  });

  it('have a root pattern for ANY_EVENT rules: root identity in any source, both detail types', () => {
    const root = patterns.find(({ id }) => id === 'root');
    expect(root?.pattern).toEqual({
      'detail-type': [CloudTrailDetailType.ApiCall, CloudTrailDetailType.ConsoleSignIn],
      detail: { userIdentity: { type: ['Root'] } },
    });
    expect(CATALOGUE.some((rule) => rule.on === ANY_EVENT)).toBe(true);
  });

  it('fit EventBridge limits (pattern ≤ 4096 characters, rule description ≤ 512)', () => {
    for (const { pattern, description } of patterns) {
      expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(4096);
      expect(description.length).toBeLessThanOrEqual(512);
    }
  });

  it('deliver every positive rule fixture, wrapped as the default bus delivers it', () => {
    let checked = 0;
    for (const ruleId of fixtureRuleIds()) {
      for (const { file, event } of rawFixtures(ruleId, 'match-')) {
        expect(matchesAny(envelope(event)), file).toBe(true);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('deliver nothing for unrelated read-only calls (third-party Describe/Get/List records of category other)', () => {
    const sharedEvents = sharedEventsDir;
    // A read some rule listens to (GetFederationToken) is related, whatever the first set's label says.
    const listened = new Set<string>(CATALOGUE.flatMap((rule) => (rule.on === ANY_EVENT ? [] : rule.on)));
    const labels = readFileSync(path.join(sharedEvents, 'labels.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(
        (line) =>
          JSON.parse(line) as {
            file: string;
            category: string;
            event_name: string | null;
            identity_type: string | null;
          },
      );
    const unrelated = labels.filter(
      (label) =>
        label.category === 'other' &&
        !listened.has(label.event_name ?? '') &&
        /^(Describe|Get|List)/.test(label.event_name ?? '') &&
        label.identity_type !== 'Root',
    );
    expect(unrelated.length).toBeGreaterThan(5);
    for (const label of unrelated) {
      const record = JSON.parse(readFileSync(path.join(sharedEvents, label.file), 'utf8')) as Record<string, unknown>;
      expect(matchesAny(envelope(record)), label.file).toBe(false);
    }
  });

  it('deliver a root call in a service no rule names, and not the same call by an IAM user', () => {
    const call = {
      eventSource: 'ec2.amazonaws.com',
      eventName: 'AuthorizeSecurityGroupIngress',
      eventType: 'AwsApiCall',
      userIdentity: { type: 'Root', arn: 'arn:aws:iam::123456789012:root' },
    };
    expect(matchesAny(envelope(call))).toBe(true);
    expect(matchesAny(envelope({ ...call, userIdentity: { type: 'IAMUser' } }))).toBe(false);
  });
});
