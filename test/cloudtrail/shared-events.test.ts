import { describe, expect, it } from 'vitest';
import { parseInput } from '../../shared/cloudtrail/parse-input.js';
import { eventLabels, sharedEventText } from './shared-events.js';

const labels = eventLabels();
/** The files whose record is not an API call: CloudTrail Insights examples. */
const INSIGHTS = new Set([
  'awsdocs/cloudtrail-log-file-examples/5.json',
  'awsdocs/cloudtrail-log-file-examples/6.json',
  'awsdocs/cloudtrail-event-reference/2.json',
]);

describe('every labelled third-party record', () => {
  it('lists all 312 files', () => {
    expect(labels).toHaveLength(312);
  });

  it.each(labels.map((label) => [label.file, label] as const))(
    '%s parses into one event or one counted skip',
    (file, label) => {
      const { records, skipped } = parseInput(sharedEventText(file), file);

      expect(records.length + skipped.length).toBe(1);
      if (INSIGHTS.has(file)) {
        expect(skipped[0]?.reason).toBe('insights-event');
        return;
      }
      expect(skipped).toEqual([]);
      const event = records[0]!.event;
      expect(records[0]!.origin).toEqual({ file, index: 0 });
      expect(event.eventName).toBe(label.event_name);
      expect(event.eventId).not.toBe('');
      expect(typeof event.userIdentity.type).toBe('string');
    },
  );

  it('synthesises distinct, stable ids for the records that have none', () => {
    const synthetic = labels
      .map(({ file }) => ({ file, event: parseInput(sharedEventText(file), file).records[0]?.event }))
      .filter(({ event }) => event?.quirks.includes('event-id-missing'));
    const again = synthetic.map(({ file }) => parseInput(sharedEventText(file), file).records[0]?.event.eventId);

    expect(synthetic.length).toBeGreaterThanOrEqual(20);
    expect(new Set(synthetic.map(({ event }) => event?.eventId)).size).toBe(synthetic.length);
    expect(again).toEqual(synthetic.map(({ event }) => event?.eventId));
    for (const { event } of synthetic) expect(event?.eventId).toMatch(/^synthetic-[0-9a-f]{32}$/);
  });
});
