/** Test helper: parse a policy document or fail the test with the reason. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePolicyDocument } from '../../shared/policy/parse-policy-document.js';
import type { PolicyDocument } from '../../shared/model/policy-document.js';
import { sharedEventsDir } from '../helpers/shared-events-dir.js';

export function parsedPolicy(input: unknown): PolicyDocument {
  const result = parsePolicyDocument(input);
  if (!result.ok) throw new Error(`test policy did not parse: ${result.reason}`);
  return result.document;
}

/** Shorthand for a one-statement Allow document. */
export function allow(
  action: string | string[],
  resource: string | string[] = '*',
  extra: object = {},
): PolicyDocument {
  return parsedPolicy({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: action, Resource: resource, ...extra }],
  });
}

/** A labelled third-party CloudTrail record from ../shared/events (tests only). */
export function sharedRecord(file: string): Record<string, Record<string, unknown>> {
  return JSON.parse(readFileSync(path.join(sharedEventsDir, file), 'utf8')) as Record<string, Record<string, unknown>>;
}
