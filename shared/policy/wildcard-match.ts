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
const coveringCache = new Map<string, RegExp>();

/** `covering`: `?` takes no `*`, for {@link wildcardCovers} (always case-sensitive). */
function compile(pattern: string, ignoreCase: boolean, covering = false): RegExp {
  const cache = covering ? coveringCache : ignoreCase ? insensitiveCache : sensitiveCache;
  const cached = cache.get(pattern);
  if (cached) return cached;
  let source = '^';
  for (const char of pattern) {
    if (char === '*') source += '.*';
    else if (char === '?') source += covering ? '[^*]' : '.';
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

/**
 * Whether `pattern` matches every ARN the resource pattern `other` matches,
 * read from the two texts: a `*` of `pattern` takes any run of `other`, its
 * wildcards included; a `?` takes one character of `other` or its `?`, never
 * its `*` (`…:b/?` does not cover `…:b/*`); anything else only itself.
 * Case-sensitive, as ARNs are. Sound, not complete: `*?` is not seen to cover `?*`.
 */
export function wildcardCovers(pattern: string, other: string): boolean {
  if (pattern === '*') return true;
  if (!hasWildcard(pattern)) return pattern === other;
  return compile(pattern, false, true).test(other);
}

/** Whether the pattern contains a wildcard character. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}
