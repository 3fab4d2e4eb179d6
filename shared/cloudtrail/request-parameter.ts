/**
 * Readers for `requestParameters`, `responseElements` and `additionalEventData`.
 * Keys are matched case-insensitively (Security Lake / Athena exports lower-case
 * every key) and may be dotted paths such as `accessKey.userName`. `null`,
 * `"None"` and missing values all read as `undefined`; nothing here throws.
 */
import type { CloudTrailEvent } from './event.js';
import { isObject, type JsonObject, readKey } from './json-object.js';

/** A value from `requestParameters`, or undefined. */
export function requestParam(event: CloudTrailEvent, key: string): unknown {
  return readPath(event.requestParameters, key);
}

/**
 * A `requestParameters` value as a string: strings as sent (empty and `"None"`
 * read as absent), numbers and booleans in their usual text form.
 */
export function requestString(event: CloudTrailEvent, key: string): string | undefined {
  return asString(readPath(event.requestParameters, key));
}

/** A value from `responseElements`, or undefined. */
export function responseParam(event: CloudTrailEvent, key: string): unknown {
  return readPath(event.responseElements, key);
}

/** A `responseElements` value as a string (see {@link requestString}). */
export function responseString(event: CloudTrailEvent, key: string): string | undefined {
  return asString(readPath(event.responseElements, key));
}

/** A value from `additionalEventData` (e.g. `MFAUsed` on ConsoleLogin), or undefined. */
export function additionalData(event: CloudTrailEvent, key: string): unknown {
  return readPath(event.additionalEventData, key);
}

/**
 * Reads `key` from a JSON object: the exact key first, then case-insensitively,
 * then as a dotted path. Exported for other raw JSON objects (e.g. envelopes).
 */
export function readPath(root: JsonObject | null | undefined, key: string): unknown {
  if (!isObject(root)) return undefined;
  const whole = readKey(root, key);
  if (whole !== undefined || !key.includes('.')) return present(whole);
  let current: unknown = root;
  for (const segment of key.split('.')) {
    if (Array.isArray(current)) {
      const index = Number(segment);
      current = Number.isInteger(index) ? current[index] : undefined;
    } else if (isObject(current)) {
      current = readKey(current, segment);
    } else {
      return undefined;
    }
    current = present(current);
    if (current === undefined) return undefined;
  }
  return current;
}

function present(value: unknown): unknown {
  if (value === null || value === 'None') return undefined;
  return value;
}

function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}
