import { decodeUrlEncoded } from './policy-text.js';
import type { Condition, Effect, PolicyDocument, PolicyStatement, Principal } from '../model/policy-document.js';

export type ParsePolicyResult = { ok: true; document: PolicyDocument } | { ok: false; reason: string };

const MAX_DECODE_DEPTH = 4;

/**
 * Turn whatever shape a policy document arrived in into a normalised
 * {@link PolicyDocument}. Accepts an object, a JSON string, a URL-encoded
 * JSON string (IAM API responses, CreateRole `responseElements`), a JSON
 * string whose content is itself a JSON string (double-escaped), a single
 * statement object (Lambda/SNS `statement` fields) and the string-or-list
 * forms IAM allows. Never throws.
 *
 * Choices:
 * - `Effect` is matched case-insensitively (`allow` → `Allow`). IAM rejects
 *   other spellings, so such a call fails and is ignored anyway; accepting
 *   them here can only add findings, never hide one.
 * - One malformed statement makes the whole document invalid, as it does for
 *   IAM (`MalformedPolicyDocument`) — the call could not have succeeded.
 * - Condition values are normalised to `string[]`; booleans and numbers
 *   become strings (`true` → `"true"`).
 * - A non-`*` string principal is read as an AWS principal.
 */
export function parsePolicyDocument(input: unknown): ParsePolicyResult {
  try {
    const result = parseValue(input, 0);
    if (result.ok) produced.set(result.document, new Map());
    return result;
  } catch (error) {
    return { ok: false, reason: `unreadable policy document (${error instanceof Error ? error.name : 'error'})` };
  }
}

/** Documents this module produced, each with the analyses kept with it (see {@link parsedDocumentAnalyses}). */
const produced = new WeakMap<object, Map<object, unknown>>();

/**
 * For a document {@link parsePolicyDocument} produced (never changed
 * afterwards), the place analyses of it are kept, keyed by analysis; undefined
 * for any other object. One table per document instead of one weak table per
 * analysis: weak-table entries for short-lived keys are costly.
 */
export function parsedDocumentAnalyses(doc: object): Map<object, unknown> | undefined {
  return produced.get(doc);
}
const EMPTY: PolicyDocument = Object.freeze({ Statement: Object.freeze([]) });

/**
 * The analysers' guard: a document this module produced is returned as is;
 * anything else (a hand-built object, or whatever a caller passed despite the
 * type) is parsed, and an unreadable one counts as an empty document.
 */
export function ensurePolicyDocument(input: unknown): PolicyDocument {
  if (typeof input === 'object' && input !== null && produced.has(input)) return input as PolicyDocument;
  const result = parsePolicyDocument(input);
  return result.ok ? result.document : EMPTY;
}

function parseValue(input: unknown, depth: number): ParsePolicyResult {
  if (depth > MAX_DECODE_DEPTH) return { ok: false, reason: 'policy document nested too deeply in strings' };
  if (typeof input === 'string') return parseString(input, depth);
  if (Array.isArray(input)) return parseDocumentObject({ Statement: input });
  if (isRecord(input)) {
    if ('Statement' in input) return parseDocumentObject(input);
    if ('Effect' in input) return parseDocumentObject({ Statement: input });
    return { ok: false, reason: 'object has no Statement' };
  }
  return { ok: false, reason: `expected an object or a string, got ${describe(input)}` };
}

function parseString(text: string, depth: number): ParsePolicyResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'empty policy document' };
  const first = trimmed[0];
  if (first === '{' || first === '[' || first === '"') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      return { ok: false, reason: 'policy document is not valid JSON' };
    }
    return parseValue(parsed, depth + 1);
  }
  if (trimmed.includes('%')) {
    const decoded = decodeUrlEncoded(trimmed);
    if (decoded === undefined) return { ok: false, reason: 'policy document has invalid URL encoding' };
    // Every `%` starts an escape (or decoding threw), so the decoded text is always shorter.
    return parseValue(decoded, depth + 1);
  }
  return { ok: false, reason: 'string is not a JSON policy document' };
}

class InvalidPolicy extends Error {
  override readonly name = 'InvalidPolicy';
}

function parseDocumentObject(raw: Record<string, unknown>): ParsePolicyResult {
  const statementsRaw = raw['Statement'];
  const list = Array.isArray(statementsRaw) ? statementsRaw : [statementsRaw];
  const statements: PolicyStatement[] = [];
  try {
    list.forEach((entry, index) => statements.push(parseStatement(entry, index)));
  } catch (error) {
    if (error instanceof InvalidPolicy) return { ok: false, reason: error.message };
    throw error;
  }
  const document: { Version?: string; Id?: string; Statement: PolicyStatement[] } = { Statement: statements };
  const version = optionalText(raw['Version']);
  const id = optionalText(raw['Id']);
  if (version !== undefined) document.Version = version;
  if (id !== undefined) document.Id = id;
  return { ok: true, document };
}

type MutableStatement = { -readonly [K in keyof PolicyStatement]: PolicyStatement[K] };

function parseStatement(raw: unknown, index: number): PolicyStatement {
  const where = `statement ${index}`;
  if (!isRecord(raw)) throw new InvalidPolicy(`${where} is not an object`);
  const statement: MutableStatement = { Effect: parseEffect(raw['Effect'], where) };
  const sid = optionalText(raw['Sid']);
  if (sid !== undefined) statement.Sid = sid;
  for (const field of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
    if (raw[field] !== undefined) statement[field] = stringList(raw[field], `${where} ${field}`);
  }
  if (raw['Principal'] !== undefined) statement.Principal = parsePrincipal(raw['Principal'], `${where} Principal`);
  if (raw['NotPrincipal'] !== undefined) {
    statement.NotPrincipal = parsePrincipal(raw['NotPrincipal'], `${where} NotPrincipal`);
  }
  if (raw['Condition'] !== undefined) statement.Condition = parseCondition(raw['Condition'], `${where} Condition`);
  return statement;
}

function parseEffect(raw: unknown, where: string): Effect {
  if (typeof raw === 'string') {
    const lower = raw.trim().toLowerCase();
    if (lower === 'allow') return 'Allow';
    if (lower === 'deny') return 'Deny';
  }
  throw new InvalidPolicy(`${where} has no valid Effect`);
}

function stringList(raw: unknown, where: string): string[] {
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw) && raw.every((item) => typeof item === 'string')) return [...(raw as string[])];
  throw new InvalidPolicy(`${where} must be a string or a list of strings`);
}

function parsePrincipal(raw: unknown, where: string): Principal {
  if (typeof raw === 'string') return raw.trim() === '*' ? '*' : { AWS: [raw] };
  if (!isRecord(raw)) throw new InvalidPolicy(`${where} must be "*" or an object`);
  // Object.fromEntries defines own properties, so a `__proto__` key stays data.
  return Object.fromEntries(Object.entries(raw).map(([kind, value]) => [kind, stringList(value, `${where} ${kind}`)]));
}

function parseCondition(raw: unknown, where: string): Condition {
  if (!isRecord(raw)) throw new InvalidPolicy(`${where} must be an object`);
  return Object.fromEntries(
    Object.entries(raw).map(([operator, block]) => {
      if (!isRecord(block)) throw new InvalidPolicy(`${where} ${operator} must be an object`);
      const entries = Object.entries(block).map(([key, value]) => [
        key,
        conditionValues(value, `${where} ${operator} ${key}`),
      ]);
      return [operator, Object.fromEntries(entries) as Record<string, string[]>];
    }),
  );
}

function conditionValues(raw: unknown, where: string): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((item: unknown) => {
    if (typeof item === 'string') return item;
    if (typeof item === 'number' || typeof item === 'boolean') return String(item);
    throw new InvalidPolicy(`${where} values must be strings, numbers or booleans`);
  });
}

function optionalText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  return typeof value;
}
