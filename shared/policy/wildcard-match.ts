/**
 * IAM-style wildcard matching: `*` matches any run of characters (including
 * none, and across `:` and `/`), `?` matches exactly one character. Action
 * names are matched case-insensitively, resource ARNs case-sensitively, as
 * IAM does. Compiled patterns are cached; the cache is bounded so arbitrary
 * input cannot grow it without limit.
 */
const MAX_CACHE = 4096;
const sensitiveCache = new Map<string, RegExp>();
const insensitiveCache = new Map<string, RegExp>();

function compile(pattern: string, ignoreCase: boolean): RegExp {
  const cache = ignoreCase ? insensitiveCache : sensitiveCache;
  const cached = cache.get(pattern);
  if (cached) return cached;
  let source = '^';
  for (const char of pattern) {
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += char.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
  }
  const regExp = new RegExp(source + '$', ignoreCase ? 'is' : 's');
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(pattern, regExp);
  return regExp;
}

/** Whether `value` matches the IAM wildcard `pattern`. */
export function wildcardMatch(pattern: string, value: string, options: { ignoreCase: boolean }): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) {
    return options.ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  }
  return compile(pattern, options.ignoreCase).test(value);
}

/** Whether the pattern contains a wildcard character. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}
