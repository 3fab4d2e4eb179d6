/** Schema pieces and words the action specs share. */
import * as v from 'valibot';

/** A name, id, ARN or document a step carries: present and not empty. */
export const NAME = v.pipe(v.string(), v.minLength(1));

export const PRINCIPAL_KIND = v.picklist(['user', 'group', 'role']);

/** `arn:aws:iam::123456789012:policy/team/Deploy` → `Deploy`; a value without a slash as it is. */
export function policyNameOf(policyArn: string): string {
  return policyArn.slice(policyArn.lastIndexOf('/') + 1) || policyArn;
}
