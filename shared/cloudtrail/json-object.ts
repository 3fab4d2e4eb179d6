/**
 * Plain JSON objects as CloudTrail sends them (`requestParameters`,
 * `responseElements`, envelopes), and reading one key whatever its case:
 * Security Lake / Athena exports lower-case every key.
 */

/** A JSON object as found in `requestParameters` / `responseElements` (keys as sent). */
export type JsonObject = { readonly [key: string]: unknown };

/** One key of one object: exact match, else the first key equal ignoring case. */
export function readKey(object: JsonObject, key: string): unknown {
  if (Object.hasOwn(object, key)) return object[key];
  const lower = key.toLowerCase();
  for (const candidate of Object.keys(object)) {
    if (candidate.toLowerCase() === lower) return object[candidate];
  }
  return undefined;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
