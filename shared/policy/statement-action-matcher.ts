import { installedActionCatalog, type ActionCatalog } from './action-catalog.js';
import { hasWildcard, wildcardMatch } from './wildcard-match.js';

/**
 * Whether one action pattern list (a statement's `Action` or `NotAction`)
 * includes an action: the same answer as testing every trimmed pattern with
 * {@link wildcardMatch} (case-insensitive), prepared once to test many actions.
 *
 * - a pattern of only `*` matches everything;
 * - a literal pattern is a case-insensitive string comparison (a set lookup);
 * - a `service:name` wildcard pattern is tested, for an action spelled as in
 *   the catalogue, by membership in the pattern's expansion (see
 *   {@link ActionCatalog.isCatalogAction} for why that is the same answer); any other action
 *   (unknown, or spelled differently) falls back to the wildcard match;
 * - any other wildcard pattern (`iam*`, no `:`) is always wildcard-matched.
 */
export type ActionListMatcher = (action: string) => boolean;

const MATCH_ALL: ActionListMatcher = () => true;

export function actionListMatcher(
  rawPatterns: readonly string[],
  catalog: ActionCatalog = installedActionCatalog,
): ActionListMatcher {
  const patterns = rawPatterns.map((pattern) => pattern.trim());
  if (patterns.some((pattern) => pattern !== '' && /^\*+$/.test(pattern))) return MATCH_ALL;
  const literals = new Set<string>();
  const serviceWildcards: string[] = [];
  const otherWildcards: string[] = [];
  for (const pattern of patterns) {
    if (!hasWildcard(pattern)) literals.add(pattern.toLowerCase());
    else if (splittable(pattern)) serviceWildcards.push(pattern);
    else otherWildcards.push(pattern);
  }
  if (serviceWildcards.length === 0 && otherWildcards.length === 0) {
    return (action) => literals.has(action.toLowerCase());
  }
  // Expansions are looked up on first use (the catalogue keeps them).
  let expanded: readonly ReadonlySet<string>[] | undefined;
  return (action) => {
    if (literals.size > 0 && literals.has(action.toLowerCase())) return true;
    if (otherWildcards.length > 0 && otherWildcards.some((pattern) => wildcardMatch(pattern, action, IGNORE_CASE))) {
      return true;
    }
    if (serviceWildcards.length === 0) return false;
    if (catalog.isCatalogAction(action)) {
      expanded ??= serviceWildcards.map((pattern) => catalog.expandedActionSet(pattern));
      return expanded.some((set) => set.has(action));
    }
    return serviceWildcards.some((pattern) => wildcardMatch(pattern, action, IGNORE_CASE));
  };
}

const IGNORE_CASE = { ignoreCase: true };

/** `service:name` with both parts non-empty: the shape `expandActionPattern` expands. */
function splittable(pattern: string): boolean {
  const colon = pattern.indexOf(':');
  return colon > 0 && colon < pattern.length - 1;
}
