import { describe, expect, it } from 'vitest';
import { createDetector } from '../../../shared/engine/detect.js';
import { objectLockWeakenings } from '../../../shared/rules/support/trail-bucket.js';
import { loadFixture } from '../../helpers/rule-fixtures.js';

const RULE = 'cloudtrail.trail-weakened';

function findingsOf(file: string) {
  const fixture = loadFixture(RULE, file);
  return createDetector({ settings: fixture.settings, context: fixture.context })
    .detect(fixture.event)
    .findings.filter((finding) => finding.ruleId === RULE);
}

describe('object lock retention on a trail bucket', () => {
  it('says the default retention was removed, so log objects can be deleted at once', () => {
    const [finding] = findingsOf('match-trail-bucket-object-lock-retention-removed.json');
    expect(finding?.summary).toBe(
      'alice weakened trail bucket org-cloudtrail-logs: object lock default retention removed: new log objects can be deleted or overwritten at once',
    );
    expect(finding?.target).toMatchObject({ type: 'bucket', name: 'org-cloudtrail-logs' });
  });

  it('says how short the retention now is, in which mode, against the floor', () => {
    const fixture = loadFixture(RULE, 'match-trail-bucket-object-lock-retention-shortened.json');
    expect(objectLockWeakenings(fixture.event)).toEqual([
      'object lock default retention shortened to 1 day (governance mode), below the 90-day floor',
    ]);
  });

  it('counts years as 365 days and takes a retention at the floor as kept', () => {
    const fixture = loadFixture(RULE, 'no-match-trail-bucket-object-lock-long-retention.json');
    expect(objectLockWeakenings(fixture.event)).toEqual([]);
    const at = (retention: Record<string, unknown>) =>
      objectLockWeakenings({
        ...fixture.event,
        requestParameters: {
          bucketName: 'org-cloudtrail-logs',
          ObjectLockConfiguration: { Rule: { DefaultRetention: retention } },
        },
      });
    expect(at({ Days: 90 })).toEqual([]);
    expect(at({ Days: 89, Mode: 'COMPLIANCE' })).toEqual([
      'object lock default retention shortened to 89 days (compliance mode), below the 90-day floor',
    ]);
    expect(at({ Years: 0 })).toEqual(['object lock default retention shortened to 0 days, below the 90-day floor']);
  });

  it('says nothing when the record does not carry the configuration', () => {
    const fixture = loadFixture(RULE, 'no-match-trail-bucket-object-lock-long-retention.json');
    expect(
      objectLockWeakenings({ ...fixture.event, requestParameters: { bucketName: 'org-cloudtrail-logs' } }),
    ).toEqual([]);
  });
});
