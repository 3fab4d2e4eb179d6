import { parsedDocumentAnalyses } from './parse-policy-document.js';

/**
 * Several rules analyse the same document of one event (admin, escalation,
 * wildcards, diff). Documents are immutable once parsed, so an analysis is
 * computed once per document object and shared; entries go with the document.
 * Results are frozen so no caller can change what another one reads.
 */
export function memoizeByDocument<D extends object, R>(analyse: (doc: D) => R): (doc: D) => R {
  const cache = new WeakMap<object, R>();
  const key = {};
  return (doc) => {
    if (typeof doc !== 'object' || doc === null) return analyse(doc);
    const kept = parsedDocumentAnalyses(doc);
    if (kept) {
      if (kept.has(key)) return kept.get(key) as R;
      const result = deepFreeze(analyse(doc));
      kept.set(key, result);
      return result;
    }
    if (cache.has(doc)) return cache.get(doc) as R;
    const result = deepFreeze(analyse(doc));
    cache.set(doc, result);
    return result;
  };
}

/** The same for analyses of a pair (before, after); `before` may be undefined. */
export function memoizeByDocumentPair<D extends object, R>(
  analyse: (before: D | undefined, after: D | undefined) => R,
): (before: D | undefined, after: D | undefined) => R {
  const NONE = {};
  const key = {};
  // Most calls have no `before` (nothing known about the previous policy): one flat map for those.
  const withoutBefore = new WeakMap<object, R>();
  const cache = new WeakMap<object, WeakMap<object, R>>();
  return (before, after) => {
    if ((before !== undefined && typeof before !== 'object') || (after !== undefined && typeof after !== 'object')) {
      return analyse(before, after);
    }
    const outer = (after ?? NONE) as object;
    const inner = before ?? undefined; // a stray null counts as no document, as `after` does
    if (inner === undefined) {
      const kept = after === undefined ? undefined : parsedDocumentAnalyses(after);
      if (kept) {
        if (kept.has(key)) return kept.get(key) as R;
        const result = deepFreeze(analyse(before, after));
        kept.set(key, result);
        return result;
      }
      if (withoutBefore.has(outer)) return withoutBefore.get(outer) as R;
      const result = deepFreeze(analyse(before, after));
      withoutBefore.set(outer, result);
      return result;
    }
    let byBefore = cache.get(outer);
    if (!byBefore) {
      byBefore = new WeakMap();
      cache.set(outer, byBefore);
    }
    if (byBefore.has(inner)) return byBefore.get(inner) as R;
    const result = deepFreeze(analyse(before, after));
    byBefore.set(inner, result);
    return result;
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
