import { IamEvent } from '../cloudtrail/event-names.js';
import { ADMIN_EQUIVALENT_DEFINITION, adminEquivalence } from '../policy/admin-equivalent.js';
import { defineRule } from './support/define-rule.js';
import { judgedContent, policyWriteMatch, undoPolicyWrite } from './support/policy-write-match.js';
import { writePhrase } from './support/policy-write-phrase.js';

/**
 * An inline policy whose document is administrator-equivalent in effect
 * ({@link ADMIN_EQUIVALENT_DEFINITION}: `*` on `*`, `iam:*` on `*`, NotAction
 * forms, Allow `*` with a narrow Deny …), put on a user, group or role. The
 * document is read from the request, whatever its encoding. Its conditions go
 * into the finding; they never lower it.
 */
export const adminInlinePolicy = defineRule({
  id: 'iam.admin-inline-policy',
  title: 'Administrator-equivalent inline policy added',
  severity: 'critical',
  on: [IamEvent.PutUserPolicy, IamEvent.PutGroupPolicy, IamEvent.PutRolePolicy],
  rationale:
    'Least privilege: nobody holds *:* for daily work. An inline admin grant is invisible in the list of ' +
    'attached policies, so it is a favourite way to keep administrator access unnoticed. ' +
    ADMIN_EQUIVALENT_DEFINITION,
  remediationSummary: 'delete-inline-policy (approve)',
  defaultMode: 'approve',
  match: (event, { context }) =>
    policyWriteMatch(event, context, (write) => {
      const equivalence = write.document && adminEquivalence(write.document);
      if (!equivalence) return null;
      return {
        summary: `${writePhrase(write)}; it grants administrator access`,
        details: judgedContent(
          write,
          [`statement ${equivalence.statementIndex}: ${equivalence.reason}`, ...equivalence.uncountedDenies],
          equivalence.conditions,
        ),
      };
    }),
  remediation: undoPolicyWrite,
});
