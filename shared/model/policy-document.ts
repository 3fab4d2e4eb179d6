/**
 * Normalised IAM policy document: `Statement` always an array, `Action`,
 * `NotAction`, `Resource`, `NotResource` always string arrays, principals
 * always `{ [kind]: string[] }` (or the literal `'*'`). Produced by
 * `parsePolicyDocument` from whatever shape the input had.
 */
export type Effect = 'Allow' | 'Deny';

/** `{ AWS: [...], Service: [...], Federated: [...], CanonicalUser: [...] }` or `'*'`. */
export type Principal = '*' | { readonly [kind: string]: readonly string[] };

/** `{ Operator: { key: [values] } }`. */
export type Condition = { readonly [operator: string]: { readonly [key: string]: readonly string[] } };

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: Effect;
  readonly Action?: readonly string[];
  readonly NotAction?: readonly string[];
  readonly Resource?: readonly string[];
  readonly NotResource?: readonly string[];
  readonly Principal?: Principal;
  readonly NotPrincipal?: Principal;
  readonly Condition?: Condition;
}

export interface PolicyDocument {
  readonly Version?: string;
  readonly Id?: string;
  readonly Statement: readonly PolicyStatement[];
}
