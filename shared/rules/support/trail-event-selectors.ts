/**
 * What a PutEventSelectors (or an event data store's advanced selectors) no
 * longer records. Selectors combine as a union: a gap counts only when no
 * selector still records the management writes. Keys are read ignoring case
 * (Security Lake exports lower-case them).
 */
import { type JsonObject, readKey } from '../../cloudtrail/json-object.js';
import { looseBoolean } from './loose-value.js';

/** Management event sources whose writes are the IAM and audit evidence Warden relies on. */
export const SECURITY_EVENT_SOURCES: readonly string[] = Object.freeze([
  'iam.amazonaws.com',
  'sts.amazonaws.com',
  'signin.amazonaws.com',
  'cloudtrail.amazonaws.com',
  'organizations.amazonaws.com',
  'sso.amazonaws.com',
]);

/** Weakenings of basic `eventSelectors`; empty when management writes of every source are still recorded. */
export function basicSelectorWeakenings(selectors: unknown): string[] {
  if (!Array.isArray(selectors) || selectors.length === 0) return [];
  const writing = selectors.filter(basicSelectorLogsManagementWrites);
  if (writing.length === 0) {
    const anyManagement = selectors.some(
      (selector) => looseBoolean(field(selector, 'includeManagementEvents')) !== false,
    );
    return [
      anyManagement
        ? 'event selectors record read-only management events only (writes dropped)'
        : 'event selectors exclude management events',
    ];
  }
  if (writing.some((selector) => stringList(field(selector, 'excludeManagementEventSources')).length === 0)) return [];
  // Every writing selector excludes something: only sources excluded by all of them are lost.
  const lists = writing.map((selector) => stringList(field(selector, 'excludeManagementEventSources')).map(lower));
  const excluded = lists[0]!.filter((source) => lists.every((list) => list.includes(source)));
  return excluded.length > 0
    ? [`event selectors exclude management events from ${[...new Set(excluded)].join(', ')}`]
    : [];
}

/** Weakenings of `advancedEventSelectors`; empty when management writes of every source are still recorded. */
export function advancedSelectorWeakenings(selectors: unknown): string[] {
  if (!Array.isArray(selectors) || selectors.length === 0) return [];
  const management = selectors.filter(selectsManagement);
  if (management.length === 0) {
    return ['advanced event selectors record data events only (management events dropped)'];
  }
  const writing = management.filter((selector) => !onlyReads(selector));
  if (writing.length === 0) {
    return ['advanced event selectors record read-only management events only (writes dropped)'];
  }
  const filters = writing.map(eventSourceFilter);
  if (filters.some((filter) => filter === undefined)) return [];
  const dropped = SECURITY_EVENT_SOURCES.filter((source) => filters.every((filter) => !filter!(source)));
  const described = writing.map(describeEventSourceFilter).join('; ');
  return dropped.length > 0
    ? [`advanced event selectors drop management events from ${dropped.join(', ')} (${described})`]
    : [`advanced event selectors record management events of some event sources only (${described})`];
}

/** Basic selector: management events default to included, `readWriteType` to `All`. */
function basicSelectorLogsManagementWrites(selector: unknown): boolean {
  if (looseBoolean(field(selector, 'includeManagementEvents')) === false) return false;
  const readWrite = field(selector, 'readWriteType');
  return typeof readWrite !== 'string' || readWrite.toLowerCase() !== 'readonly';
}

function onlyReads(selector: unknown): boolean {
  const readOnly = fieldSelector(selector, 'readOnly');
  if (!readOnly) return false;
  const equals = stringList(field(readOnly, 'equals')).map(lower);
  const notEquals = stringList(field(readOnly, 'notEquals')).map(lower);
  return equals.includes('true') || notEquals.includes('false');
}

function selectsManagement(selector: unknown): boolean {
  const category = fieldSelector(selector, 'eventCategory');
  return !!category && stringList(field(category, 'equals')).some((value) => lower(value) === 'management');
}

type SourceTest = (source: string) => boolean;

/** The `eventSource` field selector as a predicate, or undefined when the selector does not filter by source. */
function eventSourceFilter(selector: unknown): SourceTest | undefined {
  const entry = fieldSelector(selector, 'eventSource');
  if (!entry) return undefined;
  const tests: SourceTest[] = [];
  const list = (operator: string): string[] => stringList(field(entry, operator)).map(lower);
  const equals = list('equals');
  const startsWith = list('startsWith');
  const endsWith = list('endsWith');
  const notEquals = list('notEquals');
  const notStartsWith = list('notStartsWith');
  const notEndsWith = list('notEndsWith');
  if (equals.length > 0) tests.push((source) => equals.includes(source));
  if (startsWith.length > 0) tests.push((source) => startsWith.some((prefix) => source.startsWith(prefix)));
  if (endsWith.length > 0) tests.push((source) => endsWith.some((suffix) => source.endsWith(suffix)));
  if (notEquals.length > 0) tests.push((source) => !notEquals.includes(source));
  if (notStartsWith.length > 0) tests.push((source) => !notStartsWith.some((prefix) => source.startsWith(prefix)));
  if (notEndsWith.length > 0) tests.push((source) => !notEndsWith.some((suffix) => source.endsWith(suffix)));
  if (tests.length === 0) return undefined;
  // Operators on one field are ANDed by CloudTrail.
  return (source) => tests.every((test) => test(source));
}

function describeEventSourceFilter(selector: unknown): string {
  const entry = fieldSelector(selector, 'eventSource');
  const parts = ['equals', 'startsWith', 'endsWith', 'notEquals', 'notStartsWith', 'notEndsWith']
    .map((operator) => [operator, stringList(field(entry, operator))] as const)
    .filter(([, values]) => values.length > 0)
    .map(([operator, values]) => `eventSource ${operator} ${values.join(', ')}`);
  return parts.join(' and ');
}

function fieldSelector(selector: unknown, name: string): unknown {
  const list = field(selector, 'fieldSelectors');
  if (!Array.isArray(list)) return undefined;
  return list.find((entry) => {
    const value = field(entry, 'field');
    return typeof value === 'string' && lower(value) === lower(name);
  });
}

/** Case-insensitive property read on an unknown JSON value. */
function field(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return readKey(value as JsonObject, key);
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [] : [value];
  return Array.isArray(value)
    ? value.filter((entry): entry is string => typeof entry === 'string' && entry !== '')
    : [];
}

function lower(value: string): string {
  return value.trim().toLowerCase();
}
