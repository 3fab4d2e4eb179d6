/**
 * CloudTrail sends booleans and numbers as strings in some records
 * (`"false"`, `"False"`, `"14"`). These read them as what they mean.
 */

/** `true`/`"true"`/`"True"` → true, `false`/`"false"` → false, anything else → undefined. */
export function looseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === 'true') return true;
    if (text === 'false') return false;
  }
  return undefined;
}

/** A finite number, or a string holding one; undefined otherwise. */
export function looseNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}
