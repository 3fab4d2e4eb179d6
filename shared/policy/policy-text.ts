/**
 * Policy documents as text, the way IAM hands them back: URL-encoded
 * (RFC 3986) by the Get* calls, plain JSON in events and in what Warden
 * stores. The one place that decodes such text and compares two of them;
 * `parse-policy-document.ts` builds on it to read a document's meaning.
 */

/** `decodeURIComponent`, or undefined when the text has a broken escape. */
export function decodeUrlEncoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * IAM returns policy documents URL-encoded. A document always is a JSON
 * object, so text that already starts with `{` is taken as it is (its `%`
 * signs are the policy's own); text that cannot be decoded stays as it is.
 */
export function decodePolicyText(text: string): string {
  if (text.trimStart().startsWith('{')) return text;
  return decodeUrlEncoded(text) ?? text;
}

/**
 * Same policy: the same JSON value, however written (key order, whitespace,
 * URL encoding). Text that is not JSON is never the same, not even as
 * itself: an action does not act on a document it cannot read.
 */
export function samePolicyText(a: string, b: string): boolean {
  const left = canonicalText(decodePolicyText(a));
  return left !== undefined && left === canonicalText(decodePolicyText(b));
}

/** The text's JSON value in canonical form, or undefined when it is not JSON. */
function canonicalText(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
  return canonicalJson(value);
}

/**
 * JSON with object keys sorted at every level: equal for equal values. The
 * default sort orders strings by UTF-16 code units, as `<` does, and the keys
 * of one object are unique, so no comparator is needed.
 */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
