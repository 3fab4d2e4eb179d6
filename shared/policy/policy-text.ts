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
  const left = jsonValue(decodePolicyText(a));
  const right = jsonValue(decodePolicyText(b));
  return left !== undefined && right !== undefined && canonicalJson(left) === canonicalJson(right);
}

function jsonValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** JSON with object keys sorted at every level: equal for equal values. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
