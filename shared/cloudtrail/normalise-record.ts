/**
 * Turns one raw CloudTrail record — whatever exported it — into the typed
 * {@link CloudTrailEvent}. It repairs what real exports get wrong (lower-cased
 * keys, string booleans, `"None"` for null, non-ISO times, missing ids) and
 * records each repair in `event.quirks`; it never throws.
 *
 * Cheap by design: well-formed records are read field by field without copying
 * `requestParameters` / `responseElements`; only broken parts are rebuilt.
 */
import { hash } from 'node:crypto';
import type { CloudTrailEvent, SessionIssuer, UserIdentity } from './event.js';
import type { JsonObject } from './json-object.js';
import { EVENT_SOURCE, isKnownEventName } from './event-names.js';
import { normaliseEventTime } from './normalise-event-time.js';
import type { SkipReason } from './skip-reason.js';

export type NormaliseResult =
  | { readonly ok: true; readonly event: CloudTrailEvent }
  | { readonly ok: false; readonly reason: SkipReason; readonly detail: string };

/** Values a wrapper (e.g. an EventBridge envelope) knows when the record itself does not. */
export interface RecordFallback {
  /** Envelope `time`. */
  readonly time?: unknown;
  /** Envelope `region`. */
  readonly region?: unknown;
  /** Envelope `account`. */
  readonly account?: unknown;
}

type RawObject = { readonly [key: string]: unknown };

/** The top-level fields Warden reads, by canonical name. */
interface RawRecord {
  readonly eventID?: unknown;
  readonly eventName?: unknown;
  readonly eventSource?: unknown;
  readonly eventTime?: unknown;
  readonly eventVersion?: unknown;
  readonly eventType?: unknown;
  readonly eventCategory?: unknown;
  readonly insightDetails?: unknown;
  readonly awsRegion?: unknown;
  readonly recipientAccountId?: unknown;
  readonly sourceIPAddress?: unknown;
  readonly userAgent?: unknown;
  readonly errorCode?: unknown;
  readonly errorMessage?: unknown;
  readonly readOnly?: unknown;
  readonly managementEvent?: unknown;
  readonly userIdentity?: unknown;
  readonly requestParameters?: unknown;
  readonly responseElements?: unknown;
  readonly additionalEventData?: unknown;
}

const RECORD_KEYS: readonly (keyof RawRecord)[] = [
  'eventID',
  'eventName',
  'eventSource',
  'eventTime',
  'eventVersion',
  'eventType',
  'eventCategory',
  'insightDetails',
  'awsRegion',
  'recipientAccountId',
  'sourceIPAddress',
  'userAgent',
  'errorCode',
  'errorMessage',
  'readOnly',
  'managementEvent',
  'userIdentity',
  'requestParameters',
  'responseElements',
  'additionalEventData',
];
const IDENTITY_KEYS = [
  'type',
  'principalId',
  'arn',
  'accountId',
  'accessKeyId',
  'userName',
  'invokedBy',
  'sessionContext',
];
const SESSION_KEYS = ['attributes', 'sessionIssuer', 'sourceIdentity'];
const ATTRIBUTE_KEYS = ['mfaAuthenticated', 'creationDate'];
const ISSUER_KEYS = ['type', 'principalId', 'arn', 'accountId', 'userName'];

const NO_QUIRKS: readonly string[] = Object.freeze([]);
const ACCOUNT_ID = /^\d{12}$/;
const PLACEHOLDER = /^(?:\.\.\.|redacted|none|null|n\/a|-|)$/i;
const ARN_TYPE = /^arn:[^:]*:(?:iam|sts)::[^:]*:(root$|user\/|assumed-role\/|federated-user\/|role\/)/;
const INFERRED_TYPE: { readonly [prefix: string]: string } = {
  root: 'Root',
  'user/': 'IAMUser',
  'assumed-role/': 'AssumedRole',
  'federated-user/': 'FederatedUser',
  'role/': 'Role',
};

export function normaliseRecord(raw: unknown, fallback?: RecordFallback): NormaliseResult {
  try {
    return normalise(raw, fallback);
  } catch (error) {
    return { ok: false, reason: 'malformed-record', detail: `record could not be read: ${errorText(error)}` };
  }
}

function normalise(input: unknown, fallback: RecordFallback | undefined): NormaliseResult {
  if (!isObject(input)) {
    return { ok: false, reason: 'not-a-record', detail: `expected a JSON object, got ${kindOf(input)}` };
  }
  const quirks: string[] = [];
  // Well-formed records are read in place; lower-cased exports through a canonical view.
  const wellFormed = input['eventName'] !== undefined && input['userIdentity'] !== undefined;
  const raw: RawRecord = wellFormed ? input : canonicalView(input, RECORD_KEYS, quirks);

  if (isInsight(raw)) {
    return { ok: false, reason: 'insights-event', detail: 'CloudTrail Insights event (no API call to evaluate)' };
  }
  const eventName = raw.eventName;
  if (typeof eventName !== 'string' || eventName.trim() === '') {
    return {
      ok: false,
      reason: 'missing-event-name',
      detail: eventName === undefined ? 'no eventName' : `eventName is ${kindOf(eventName)}`,
    };
  }

  const userIdentity = normaliseIdentity(raw.userIdentity, !wellFormed, quirks);
  const eventTime = readEventTime(raw.eventTime, fallback?.time, quirks);
  const eventSource = readEventSource(raw.eventSource, eventName, quirks);
  const awsRegion = readRegion(raw.awsRegion, fallback?.region, quirks);
  const accountId = readAccount(raw.recipientAccountId, userIdentity.accountId, fallback?.account, quirks);
  const eventId = readEventId(raw.eventID, input, eventName, eventTime, quirks);

  const event: CloudTrailEvent = {
    eventId,
    eventName,
    eventSource,
    eventTime,
    eventVersion: optionalText(raw.eventVersion),
    eventType: optionalText(raw.eventType),
    awsRegion,
    accountId,
    sourceIPAddress: optionalText(raw.sourceIPAddress),
    userAgent: optionalText(raw.userAgent),
    errorCode: optionalText(raw.errorCode),
    errorMessage: optionalText(raw.errorMessage),
    readOnly: readBoolean(raw.readOnly, quirks),
    managementEvent: readBoolean(raw.managementEvent, quirks),
    userIdentity,
    requestParameters: readObject(raw.requestParameters, 'request-parameters', quirks),
    responseElements: readObject(raw.responseElements, 'response-elements', quirks),
    additionalEventData: readObject(raw.additionalEventData, 'additional-event-data', quirks),
    quirks: quirks.length === 0 ? NO_QUIRKS : Object.freeze(dedupe(quirks)),
  };
  return { ok: true, event };
}

/**
 * The object's values under their canonical key names, matching keys
 * case-insensitively (`eventname` → `eventName`); flags `lower-case-keys`
 * when a value was found only under another spelling.
 */
function canonicalView(object: RawObject, keys: readonly string[], quirks?: string[]): RawObject {
  const byLowerKey = new Map<string, string>();
  for (const key of Object.keys(object)) {
    const lower = key.toLowerCase();
    if (!byLowerKey.has(lower)) byLowerKey.set(lower, key);
  }
  const view: { [key: string]: unknown } = {};
  let repaired = false;
  for (const key of keys) {
    if (Object.hasOwn(object, key)) {
      view[key] = object[key];
      continue;
    }
    const actual = byLowerKey.get(key.toLowerCase());
    if (actual === undefined) continue;
    view[key] = object[actual];
    repaired = true;
  }
  if (repaired) quirks?.push('lower-case-keys');
  return view;
}

function isInsight(raw: RawRecord): boolean {
  const category = raw.eventCategory;
  if (typeof category === 'string' && category.length === 7 && category.toLowerCase() === 'insight') return true;
  const type = raw.eventType;
  if (typeof type === 'string' && type.length === 20 && type.toLowerCase() === 'awscloudtrailinsight') return true;
  return raw.insightDetails !== undefined && raw.eventName === undefined;
}

interface RawIdentity {
  readonly type?: unknown;
  readonly principalId?: unknown;
  readonly arn?: unknown;
  readonly accountId?: unknown;
  readonly accessKeyId?: unknown;
  readonly userName?: unknown;
  readonly invokedBy?: unknown;
  readonly sessionContext?: unknown;
}

interface RawSessionContext {
  readonly attributes?: unknown;
  readonly sessionIssuer?: unknown;
  readonly sourceIdentity?: unknown;
}

/** Fixed-shape objects (absent fields are `undefined`): cheap to build, cheap to read. */
function normaliseIdentity(value: unknown, caseInsensitive: boolean, quirks: string[]): UserIdentity {
  if (!isObject(value)) {
    quirks.push('missing-user-identity');
    return { type: 'Unknown' };
  }
  const raw: RawIdentity = caseInsensitive ? canonicalView(value, IDENTITY_KEYS) : value;
  const arn = optionalText(raw.arn);
  const sessionContext = raw.sessionContext;
  return {
    type: identityType(raw.type, arn, quirks),
    principalId: optionalText(raw.principalId),
    arn,
    accountId: optionalText(raw.accountId),
    accessKeyId: optionalText(raw.accessKeyId),
    userName: optionalText(raw.userName),
    invokedBy: optionalText(raw.invokedBy),
    sessionContext: isObject(sessionContext) ? normaliseSessionContext(sessionContext, caseInsensitive) : undefined,
  };
}

function identityType(value: unknown, arn: string | undefined, quirks: string[]): string {
  if (typeof value === 'string' && !isPlaceholder(value)) return value;
  const prefix = arn === undefined ? undefined : ARN_TYPE.exec(arn)?.[1];
  const inferred = prefix === undefined ? undefined : INFERRED_TYPE[prefix];
  if (inferred !== undefined) {
    quirks.push('identity-type-inferred');
    return inferred;
  }
  if (typeof value === 'string' && value !== '') return value;
  quirks.push('identity-type-missing');
  return 'Unknown';
}

function normaliseSessionContext(
  context: RawObject,
  caseInsensitive: boolean,
): NonNullable<UserIdentity['sessionContext']> {
  const raw: RawSessionContext = caseInsensitive ? canonicalView(context, SESSION_KEYS) : context;
  let mfaAuthenticated: boolean | undefined;
  let creationDate: string | undefined;
  if (isObject(raw.attributes)) {
    const attributes = caseInsensitive ? canonicalView(raw.attributes, ATTRIBUTE_KEYS) : raw.attributes;
    mfaAuthenticated = toBoolean(attributes['mfaAuthenticated']);
    creationDate = optionalText(attributes['creationDate']);
  }
  return {
    mfaAuthenticated,
    creationDate,
    sessionIssuer: isObject(raw.sessionIssuer) ? normaliseIssuer(raw.sessionIssuer, caseInsensitive) : undefined,
    sourceIdentity: optionalText(raw.sourceIdentity),
  };
}

function normaliseIssuer(issuer: RawObject, caseInsensitive: boolean): SessionIssuer {
  const raw = caseInsensitive ? canonicalView(issuer, ISSUER_KEYS) : issuer;
  return {
    type: optionalText(raw['type']),
    principalId: optionalText(raw['principalId']),
    arn: optionalText(raw['arn']),
    accountId: optionalText(raw['accountId']),
    userName: optionalText(raw['userName']),
  };
}

function readEventTime(value: unknown, fallback: unknown, quirks: string[]): string {
  const time = normaliseEventTime(value);
  if (time.kind === 'iso') return time.time;
  if (time.kind === 'converted') {
    quirks.push('event-time-not-iso');
    return time.time;
  }
  const fromWrapper = fallback === undefined ? undefined : normaliseEventTime(fallback);
  if (fromWrapper && (fromWrapper.kind === 'iso' || fromWrapper.kind === 'converted')) {
    quirks.push(time.kind === 'missing' ? 'event-time-missing' : 'event-time-unparseable', 'event-time-from-envelope');
    return fromWrapper.time;
  }
  if (time.kind === 'unparseable') {
    quirks.push('event-time-unparseable');
    return time.time;
  }
  quirks.push('event-time-missing');
  return '';
}

/**
 * The service host that emitted the event. A masked one (`...`, `redacted`),
 * like a missing one, is taken from the event name when Warden knows it: rules
 * are routed by service and name.
 */
function readEventSource(value: unknown, eventName: string, quirks: string[]): string {
  const given = typeof value === 'string' ? value.trim() : '';
  if (given !== '' && !isPlaceholder(given)) return value as string;
  if (isKnownEventName(eventName)) {
    quirks.push(given === '' ? 'event-source-inferred' : 'event-source-placeholder');
    return EVENT_SOURCE[eventName];
  }
  quirks.push('event-source-missing');
  return '';
}

function readRegion(value: unknown, fallback: unknown, quirks: string[]): string {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof fallback === 'string' && fallback !== '') {
    quirks.push('region-from-envelope');
    return fallback;
  }
  quirks.push('region-missing');
  return '';
}

function readAccount(recipient: unknown, actorAccount: string | undefined, fallback: unknown, quirks: string[]) {
  const account = optionalText(recipient) ?? actorAccount ?? optionalText(fallback);
  if (account !== undefined && (account.length !== 12 || !ACCOUNT_ID.test(account)))
    quirks.push('account-id-malformed');
  return account;
}

function readEventId(value: unknown, raw: RawObject, eventName: string, eventTime: string, quirks: string[]): string {
  const id = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof id === 'string' && !isPlaceholder(id.trim())) return id;
  const absent = typeof id !== 'string' || /^(?:|none|null)$/i.test(id.trim());
  quirks.push(absent ? 'event-id-missing' : 'event-id-placeholder');
  return synthesiseEventId(raw, eventName, eventTime);
}

/** A stable id for a record without one: the same record always gets the same id. */
function synthesiseEventId(raw: RawObject, eventName: string, eventTime: string): string {
  let text: string;
  try {
    text = JSON.stringify(raw);
  } catch {
    text = `${eventName}\n${eventTime}`;
  }
  return `synthetic-${hash('sha256', text, 'hex').slice(0, 32)}`;
}

/** Stand-in values exporters put where an id or type was removed (`...`, `redacted`, `None`). */
function isPlaceholder(value: string): boolean {
  return value.length <= 8 && PLACEHOLDER.test(value);
}

function readBoolean(value: unknown, quirks: string[]): boolean | undefined {
  if (typeof value === 'boolean' || value === undefined || value === null) return value ?? undefined;
  const result = toBoolean(value);
  if (result !== undefined) quirks.push('string-boolean');
  return result;
}

function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const lower = value.trim().toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return undefined;
}

function readObject(value: unknown, name: string, quirks: string[]): JsonObject | null {
  if (value === null || value === undefined) return null;
  if (isObject(value)) return value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '' || text === 'None' || text === 'null') {
      if (text !== '') quirks.push(`${name}-none-string`);
      return null;
    }
    if (text.startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (isObject(parsed)) {
          quirks.push(`${name}-json-string`);
          return parsed;
        }
      } catch {
        // fall through: kept as not an object
      }
    }
  }
  quirks.push(`${name}-not-an-object`);
  return null;
}

/** A string field; empty, `"None"` and non-strings (except numbers) read as absent. */
function optionalText(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' || value === 'None' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function isObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function dedupe(values: string[]): string[] {
  return values.length < 2 ? values : [...new Set(values)];
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : 'unknown error';
}
