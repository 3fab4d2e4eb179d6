import { installedActionCatalog as catalog } from './action-catalog.js';

/**
 * Which resource types of a service a statement's resource pattern can cover,
 * from the ARN formats iam-data records (`data/resourceTypes/<service>.json`).
 *
 * A pattern covers a type when some ARN matches both the pattern (IAM
 * wildcards `*` and `?`, case-sensitive as IAM matches ARNs; a policy variable
 * such as `${aws:username}` may be any text; `${*}`, `${?}`, `${$}` are the
 * literal characters) and the type's ARN format, whose `${...}` placeholders
 * are wildcards for any text without `:` (partitions, regions, accounts,
 * names and ids hold none; where a resource part has several, the format
 * spells the colons between them). Were a placeholder allowed to hold `:`,
 * `arn:aws:ec2:*:*:instance/*` would also "match" an image ARN whose id
 * contained `:instance/`, and every pattern would cover nearly every type of
 * its service. `arn:aws:s3:::b/*` thus
 * covers no IAM type (the format's `:iam:` cannot fall inside the pattern's
 * `*`), while `arn:aws:iam::*:role/app-*` covers the `role` type of `iam` and
 * of `sts` (whose `role` is an IAM role ARN).
 *
 * The test is an emptiness check of the intersection of two wildcard
 * patterns, computed once per (pattern, service) and cached (bounded). The
 * formats are the installed catalogue's, which never changes in a process.
 */
export function coveredResourceTypes(pattern: string, service: string): ReadonlySet<string> {
  const key = `${service.toLowerCase()}\u0000${pattern}`;
  const cached = coverageCache.get(key);
  if (cached) return cached;
  const covered = new Set<string>();
  const formats = catalog.serviceResourceTypes(service);
  if (formats) {
    const patternTokens = statementPatternTokens(pattern);
    for (const [name, format] of formats) {
      if (intersects(patternTokens, formatTokens(format.arn))) covered.add(name);
    }
  }
  if (coverageCache.size >= MAX_CACHE) coverageCache.clear();
  coverageCache.set(key, covered);
  return covered;
}

const MAX_CACHE = 8192;
const coverageCache = new Map<string, ReadonlySet<string>>();
const formatCache = new Map<string, readonly number[]>();

/**
 * Whether a resource pattern names only the caller's own IAM user: its last
 * path segment is exactly `${aws:username}` (`arn:aws:iam::*:user/${aws:username}`,
 * `…:user/staff/${aws:username}`). A user ARN's name is what follows its last
 * `/`, so any user such a pattern matches is the caller.
 */
export function isOwnUserPattern(pattern: string): boolean {
  return /\/\$\{aws:username\}$/i.test(pattern.trim());
}

/** Token codes: a character code (>= 0) or one of these. */
const ANY = -1; // any run of characters
const NO_COLON = -2; // any run of characters other than ':'
const ONE = -3; // exactly one character
const COLON = ':'.charCodeAt(0);

function statementPatternTokens(pattern: string): readonly number[] {
  const tokens: number[] = [];
  const text = pattern.trim();
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i + 2);
      if (end > 0) {
        const inner = text.slice(i + 2, end);
        if (inner === '*' || inner === '?' || inner === '$') tokens.push(inner.charCodeAt(0));
        else pushAny(tokens, ANY);
        i = end;
        continue;
      }
    }
    if (char === '*') pushAny(tokens, ANY);
    else if (char === '?') tokens.push(ONE);
    else tokens.push(text.charCodeAt(i));
  }
  return tokens;
}

function formatTokens(format: string): readonly number[] {
  const cached = formatCache.get(format);
  if (cached) return cached;
  const tokens: number[] = [];
  for (let i = 0; i < format.length; i += 1) {
    if (format[i] === '$' && format[i + 1] === '{') {
      const end = format.indexOf('}', i + 2);
      if (end > 0) {
        pushAny(tokens, NO_COLON);
        i = end;
        continue;
      }
    }
    tokens.push(format.charCodeAt(i));
  }
  if (formatCache.size >= MAX_CACHE) formatCache.clear();
  formatCache.set(format, tokens);
  return tokens;
}

/**
 * Consecutive runs collapse into one (`**` is `*`), keeping the tables small.
 * A list holds one kind of run only (ANY in statement patterns, NO_COLON in
 * formats), so equal neighbours are all there is to merge.
 */
function pushAny(tokens: number[], token: number): void {
  if (tokens[tokens.length - 1] !== token) tokens.push(token);
}

function isRun(token: number): boolean {
  return token === ANY || token === NO_COLON;
}

/** Whether a run token can produce the character (or `?`) token. */
function runTakes(run: number, token: number): boolean {
  return run === ANY || token !== COLON;
}

/**
 * Whether some string matches both token lists. States (i, j) are positions
 * in each; a run may end (advance past it) or absorb one character the other
 * side must produce; two characters advance together when compatible. Runs
 * never need to absorb characters together: dropping such characters leaves
 * a string both still match.
 */
function intersects(a: readonly number[], b: readonly number[]): boolean {
  const width = b.length + 1;
  const seen = new Uint8Array((a.length + 1) * width);
  const stack: number[] = [0];
  seen[0] = 1;
  const visit = (i: number, j: number): void => {
    const index = i * width + j;
    if (seen[index] === 0) {
      seen[index] = 1;
      stack.push(index);
    }
  };
  while (stack.length > 0) {
    const index = stack.pop() as number;
    const i = Math.floor(index / width);
    const j = index % width;
    if (i === a.length && j === b.length) return true;
    const x = i < a.length ? a[i] : undefined;
    const y = j < b.length ? b[j] : undefined;
    if (x !== undefined && isRun(x)) visit(i + 1, j);
    if (y !== undefined && isRun(y)) visit(i, j + 1);
    if (x === undefined || y === undefined) continue;
    if (isRun(x) && !isRun(y) && runTakes(x, y)) visit(i, j + 1);
    else if (isRun(y) && !isRun(x) && runTakes(y, x)) visit(i + 1, j);
    else if (!isRun(x) && !isRun(y) && (x === ONE || y === ONE || x === y)) visit(i + 1, j + 1);
  }
  return false;
}
