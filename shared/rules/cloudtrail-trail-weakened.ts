import type { CloudTrailEvent, JsonObject } from '../cloudtrail/event.js';
import { CloudTrailApiEvent } from '../cloudtrail/event-names.js';
import { readKey, requestParam } from '../cloudtrail/request-parameter.js';
import { callerName } from './caller-name.js';
import { defineRule } from './define-rule.js';
import { looseBoolean } from './loose-value.js';
import { trailReference, trailTarget } from './trail-reference.js';

/**
 * A trail kept running but made to record less: single-region, no global
 * (IAM, STS, sign-in) events, no log-file validation, no encryption, or event
 * selectors that no longer record management write events.
 */
export const trailWeakened = defineRule({
  id: 'cloudtrail.trail-weakened',
  title: 'CloudTrail trail weakened',
  severity: 'high',
  on: [CloudTrailApiEvent.UpdateTrail, CloudTrailApiEvent.PutEventSelectors],
  rationale:
    'Keep a multi-region trail that records all management events, including global service events, with log-file validation and KMS encryption: each of these settings, once turned off, silently removes evidence or makes it deniable.',
  remediationSummary: 'none (alert)',
  defaultMode: 'alert',
  match: (event) => {
    const changes =
      event.eventName === CloudTrailApiEvent.UpdateTrail ? updateTrailWeakenings(event) : selectorWeakenings(event);
    if (changes.length === 0) return null;
    const trail = trailReference(event);
    return {
      target: trailTarget(trail),
      summary: `${callerName(event)} weakened trail ${trail?.name ?? '(name not recorded)'}: ${changes.join('; ')}`,
      details: { notes: changes },
    };
  },
});

function updateTrailWeakenings(event: CloudTrailEvent): string[] {
  const changes: string[] = [];
  if (looseBoolean(requestParam(event, 'isMultiRegionTrail')) === false) changes.push('no longer multi-region');
  if (looseBoolean(requestParam(event, 'includeGlobalServiceEvents')) === false) {
    changes.push('global service events (IAM, STS, sign-in) no longer recorded');
  }
  if (looseBoolean(requestParam(event, 'enableLogFileValidation')) === false) {
    changes.push('log-file validation turned off');
  }
  const kmsKeyId = requestParam(event, 'kmsKeyId');
  if (typeof kmsKeyId === 'string' && kmsKeyId.trim() === '') changes.push('KMS encryption removed');
  return changes;
}

function selectorWeakenings(event: CloudTrailEvent): string[] {
  const changes: string[] = [];
  const basic = requestParam(event, 'eventSelectors');
  if (Array.isArray(basic) && basic.length > 0 && !basic.some(basicSelectorLogsManagementWrites)) {
    const anyManagement = basic.some((selector) => looseBoolean(field(selector, 'includeManagementEvents')) !== false);
    changes.push(
      anyManagement
        ? 'event selectors record read-only management events only (writes dropped)'
        : 'event selectors exclude management events',
    );
  }
  const advanced = requestParam(event, 'advancedEventSelectors');
  if (Array.isArray(advanced) && advanced.length > 0 && !advanced.some(advancedSelectorLogsManagementWrites)) {
    const anyManagement = advanced.some((selector) => selectsManagement(selector));
    changes.push(
      anyManagement
        ? 'advanced event selectors record read-only management events only (writes dropped)'
        : 'advanced event selectors record data events only (management events dropped)',
    );
  }
  return changes;
}

/** Basic selector: management events default to included, `readWriteType` to `All`. */
function basicSelectorLogsManagementWrites(selector: unknown): boolean {
  if (looseBoolean(field(selector, 'includeManagementEvents')) === false) return false;
  const readWrite = field(selector, 'readWriteType');
  return typeof readWrite !== 'string' || readWrite.toLowerCase() !== 'readonly';
}

function advancedSelectorLogsManagementWrites(selector: unknown): boolean {
  if (!selectsManagement(selector)) return false;
  const readOnly = fieldSelector(selector, 'readOnly');
  if (!readOnly) return true;
  const equals = stringList(field(readOnly, 'equals'));
  const notEquals = stringList(field(readOnly, 'notEquals'));
  const onlyReads =
    equals.some((value) => value.toLowerCase() === 'true') || notEquals.some((v) => v.toLowerCase() === 'false');
  return !onlyReads;
}

function selectsManagement(selector: unknown): boolean {
  const category = fieldSelector(selector, 'eventCategory');
  return !!category && stringList(field(category, 'equals')).some((value) => value.toLowerCase() === 'management');
}

function fieldSelector(selector: unknown, name: string): unknown {
  const list = field(selector, 'fieldSelectors');
  if (!Array.isArray(list)) return undefined;
  return list.find((entry) => {
    const value = field(entry, 'field');
    return typeof value === 'string' && value.toLowerCase() === name.toLowerCase();
  });
}

/** Case-insensitive property read on an unknown JSON value. */
function field(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return readKey(value as JsonObject, key);
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}
