/**
 * Reads CloudTrail input in every shape Warden meets: a single record, an
 * EventBridge envelope, an S3 log object (`{"Records":[…]}`), a JSON array,
 * JSON lines, `aws cloudtrail lookup-events` output, and gzip of any of them.
 * Each text is parsed once with `JSON.parse` (per line for JSON lines); each
 * record is normalised by {@link normaliseRecord}. Never throws: what cannot be
 * used is returned in `skipped` with a reason.
 */
import { gunzipSync } from 'node:zlib';
import type { CloudTrailEvent, EventOrigin } from './event.js';
import { normaliseRecord, type RecordFallback } from './normalise-record.js';
import type { SkipReason } from './skip-reason.js';

export type { SkipReason } from './skip-reason.js';
export { SKIP_REASONS } from './skip-reason.js';

export interface ParsedRecord {
  readonly event: CloudTrailEvent;
  readonly origin: EventOrigin;
}

export interface SkippedRecord {
  readonly reason: SkipReason;
  readonly detail: string;
  readonly origin: EventOrigin;
}

export interface ParsedInput {
  readonly records: ParsedRecord[];
  readonly skipped: SkippedRecord[];
}

/** EventBridge detail-types whose `detail` is a CloudTrail record. */
const CLOUDTRAIL_DETAIL_TYPES = new Set([
  'AWS API Call via CloudTrail',
  'AWS Console Sign In via CloudTrail',
  'AWS Service Event via CloudTrail',
  'AWS Console Action via CloudTrail',
  'AWS Insight via CloudTrail',
]);

/** Decompressed size limit for one gzip input (guards against gzip bombs). */
const MAX_GUNZIPPED_BYTES = 1024 * 1024 * 1024;
const NON_BLANK = /\S/;
/** How deep arrays may nest inside arrays before an item counts as not a record. */
const MAX_ARRAY_DEPTH = 2;

export function parseInput(data: string | Uint8Array, file: string): ParsedInput {
  const collector = new Collector(file);
  try {
    const text = toText(data, collector);
    if (text !== undefined) readText(text, collector);
  } catch (error) {
    collector.skip('unsupported-format', `input could not be read: ${errorText(error)}`);
  }
  return { records: collector.records, skipped: collector.skipped };
}

class Collector {
  readonly records: ParsedRecord[] = [];
  readonly skipped: SkippedRecord[] = [];
  private index = 0;

  constructor(private readonly file: string) {}

  record(raw: unknown, fallback?: RecordFallback): void {
    const result = normaliseRecord(raw, fallback);
    if (result.ok) this.records.push({ event: result.event, origin: this.nextOrigin() });
    else this.skip(result.reason, result.detail);
  }

  skip(reason: SkipReason, detail: string): void {
    this.skipped.push({ reason, detail, origin: this.nextOrigin() });
  }

  private nextOrigin(): EventOrigin {
    return { file: this.file, index: this.index++ };
  }
}

function toText(data: string | Uint8Array, collector: Collector): string | undefined {
  if (typeof data === 'string') return stripBom(data);
  let bytes = data;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_GUNZIPPED_BYTES });
    } catch (error) {
      collector.skip('gzip-corrupt', `gzip data could not be decompressed: ${errorText(error)}`);
      return undefined;
    }
  }
  return stripBom(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
}

function readText(text: string, collector: Collector): void {
  if (!NON_BLANK.test(text)) {
    collector.skip('empty-input', 'input is empty');
    return;
  }
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch (error) {
    readJsonLines(text, collector, errorText(error));
    return;
  }
  readValue(whole, collector, 0);
}

/**
 * JSON lines: one record (or envelope, or log object) per line. Used only when
 * one of the first two non-blank lines is a JSON object by itself, so a broken
 * pretty-printed document is one `invalid-json` skip, not one per line.
 */
function readJsonLines(text: string, collector: Collector, wholeError: string): void {
  type Line = { ok: true; value: unknown } | { ok: false; error: string };
  const emit = (line: Line, number: number): void => {
    if (line.ok) readValue(line.value, collector, 0);
    else collector.skip('invalid-json', `line ${number}: ${line.error}`);
  };
  const probe: Array<{ line: Line; number: number }> = [];
  let decided = false;
  let number = 0;
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    number++;
    const raw = text.slice(start, end);
    start = end + 1;
    if (!NON_BLANK.test(raw)) continue;
    const line = parseLine(raw);
    if (decided) {
      emit(line, number);
      continue;
    }
    probe.push({ line, number });
    if (line.ok && isObject(line.value)) {
      decided = true;
      for (const held of probe) emit(held.line, held.number);
    } else if (probe.length >= 2) {
      break;
    }
  }
  if (!decided) collector.skip('invalid-json', `not JSON or JSON lines: ${wholeError}`);
}

function parseLine(line: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(line) };
  } catch (error) {
    return { ok: false, error: errorText(error) };
  }
}

function readValue(value: unknown, collector: Collector, depth: number): void {
  if (Array.isArray(value)) {
    readArray(value, collector, depth);
    return;
  }
  if (!isObject(value) || value['eventName'] !== undefined) {
    collector.record(value);
    return;
  }
  const records = value['Records'];
  if (Array.isArray(records)) {
    readArray(records, collector, depth);
    return;
  }
  const events = value['Events'];
  if (Array.isArray(events)) {
    readLookupEvents(events, collector);
    return;
  }
  if (typeof value['detail-type'] === 'string' && value['detail'] !== undefined) {
    readEnvelope(value, collector);
    return;
  }
  collector.record(value);
}

function readArray(items: readonly unknown[], collector: Collector, depth: number): void {
  if (items.length === 0) {
    collector.skip('empty-input', 'empty array of records');
    return;
  }
  for (const item of items) {
    if (Array.isArray(item) && depth >= MAX_ARRAY_DEPTH) collector.skip('not-a-record', 'array nested too deeply');
    else readValue(item, collector, depth + 1);
  }
}

/** An EventBridge event: the CloudTrail record is in `detail`. */
function readEnvelope(envelope: { readonly [key: string]: unknown }, collector: Collector): void {
  const detailType = envelope['detail-type'] as string;
  if (!CLOUDTRAIL_DETAIL_TYPES.has(detailType) && !looksLikeRecord(envelope['detail'])) {
    collector.skip('unsupported-format', `EventBridge detail-type "${detailType}" does not carry a CloudTrail record`);
    return;
  }
  collector.record(envelope['detail'], {
    time: envelope['time'],
    region: envelope['region'],
    account: envelope['account'],
  });
}

/** `aws cloudtrail lookup-events` output: each `CloudTrailEvent` is the record as a JSON string. */
function readLookupEvents(events: readonly unknown[], collector: Collector): void {
  if (events.length === 0) {
    collector.skip('empty-input', 'lookup-events output with no events');
    return;
  }
  for (const item of events) {
    const embedded = isObject(item) ? item['CloudTrailEvent'] : undefined;
    if (typeof embedded === 'string') {
      const parsed = parseLine(embedded);
      if (parsed.ok) collector.record(parsed.value);
      else collector.skip('invalid-json', `CloudTrailEvent string: ${parsed.error}`);
    } else if (isObject(embedded)) {
      collector.record(embedded);
    } else {
      collector.skip('not-a-record', 'lookup-events item without a CloudTrailEvent');
    }
  }
}

function looksLikeRecord(value: unknown): boolean {
  return isObject(value) && typeof value['eventName'] === 'string' && value['eventSource'] !== undefined;
}

function isObject(value: unknown): value is { readonly [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : 'unknown error';
}
