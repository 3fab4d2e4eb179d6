/**
 * EventBridge event-pattern matching (tests only): moto 5.2.1 does not
 * implement TestEventPattern, so the generated patterns are checked against
 * this evaluator of the documented semantics
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html):
 * - a pattern field that is an object matches the event field's object, recursively;
 * - a pattern field that is an array matches when ANY element matches the
 *   event value — or, when the event value is an array, any of its elements;
 * - array elements are exact values (string, number, boolean, null) or
 *   content filters: prefix, suffix, equals-ignore-case, anything-but, exists, numeric, wildcard;
 * - every field named in the pattern must match (AND); fields not named are ignored;
 * - `$or` takes a list of sub-patterns, any of which may match.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  if (!isObject(pattern)) throw new Error('an event pattern is a JSON object');
  return matchObject(pattern, event);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function matchObject(pattern: Record<string, unknown>, event: unknown): boolean {
  for (const [key, expected] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(expected)) throw new Error('$or takes an array of patterns');
      if (!expected.some((alternative) => isObject(alternative) && matchObject(alternative, event))) return false;
      continue;
    }
    const present = isObject(event) && Object.hasOwn(event, key);
    const actual = present ? (event as Record<string, unknown>)[key] : undefined;
    if (isObject(expected)) {
      if (!present || !matchObject(expected, actual)) return false;
    } else if (Array.isArray(expected)) {
      if (!matchList(expected, actual, present)) return false;
    } else {
      throw new Error(`pattern field ${key}: leaf values must be arrays`);
    }
  }
  return true;
}

function matchList(list: readonly unknown[], actual: unknown, present: boolean): boolean {
  // `exists` is about presence, not values.
  for (const item of list) {
    if (isObject(item) && 'exists' in item) {
      const wanted = item['exists'];
      // A field whose value is an empty array or an object does not "exist" for leaf matching.
      const leafPresent = present && !isObject(actual) && !(Array.isArray(actual) && actual.length === 0);
      if (wanted === leafPresent) return true;
    }
  }
  if (!present) return false;
  const values: unknown[] = Array.isArray(actual) ? actual : [actual];
  return values.some((value) => list.some((item) => matchValue(item, value)));
}

function matchValue(item: unknown, value: unknown): boolean {
  if (!isObject(item)) return item === value;
  if ('exists' in item) return false;
  if ('prefix' in item) {
    const prefix = item['prefix'];
    if (isObject(prefix) && typeof prefix['equals-ignore-case'] === 'string') {
      return typeof value === 'string' && value.toLowerCase().startsWith(prefix['equals-ignore-case'].toLowerCase());
    }
    return typeof value === 'string' && typeof prefix === 'string' && value.startsWith(prefix);
  }
  if ('suffix' in item) {
    const suffix = item['suffix'];
    return typeof value === 'string' && typeof suffix === 'string' && value.endsWith(suffix);
  }
  if ('equals-ignore-case' in item) {
    const wanted = item['equals-ignore-case'];
    return typeof value === 'string' && typeof wanted === 'string' && value.toLowerCase() === wanted.toLowerCase();
  }
  if ('wildcard' in item) {
    const wanted = item['wildcard'];
    if (typeof value !== 'string' || typeof wanted !== 'string') return false;
    const regex = new RegExp(`^${wanted.split('*').map(escapeRegex).join('.*')}$`, 's');
    return regex.test(value);
  }
  if ('anything-but' in item) {
    const excluded = item['anything-but'];
    if (value === null || value === undefined) return false;
    if (Array.isArray(excluded)) return !excluded.includes(value as Json);
    if (isObject(excluded)) return !matchValue(excluded, value);
    return value !== excluded;
  }
  if ('numeric' in item) return typeof value === 'number' && matchNumeric(item['numeric'], value);
  throw new Error(`unsupported content filter: ${JSON.stringify(item)}`);
}

function matchNumeric(spec: unknown, value: number): boolean {
  if (!Array.isArray(spec) || spec.length % 2 !== 0) throw new Error('numeric takes operator/value pairs');
  for (let i = 0; i < spec.length; i += 2) {
    const operator = spec[i];
    const operand = spec[i + 1];
    if (typeof operand !== 'number') throw new Error('numeric operands are numbers');
    const ok =
      operator === '='
        ? value === operand
        : operator === '<'
          ? value < operand
          : operator === '<='
            ? value <= operand
            : operator === '>'
              ? value > operand
              : operator === '>='
                ? value >= operand
                : undefined;
    if (ok === undefined) throw new Error(`unknown numeric operator ${String(operator)}`);
    if (!ok) return false;
  }
  return true;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
