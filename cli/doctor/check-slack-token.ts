import type { WebClient } from '@slack/web-api';
import { requiredBotScopes } from '../../shared/slack/slack-scopes.js';
import { type CheckResult, fail, pass, warn } from './check-result.js';
import { slackErrorText } from './slack-error.js';

export interface SlackTokenCheck {
  /** `slack-token`, then `slack-scopes` when the token works. */
  readonly results: readonly CheckResult[];
  readonly valid: boolean;
}

const MANIFEST_FIX =
  'add the scopes in slack-app-manifest.yml under OAuth & Permissions (or re-paste the manifest), reinstall the app and store the new token';

/**
 * The bot token works (auth.test) and was granted the scopes Warden's calls
 * need — read from Slack's `x-oauth-scopes` response header.
 */
export async function checkSlackToken(client: WebClient): Promise<SlackTokenCheck> {
  let response: Awaited<ReturnType<WebClient['auth']['test']>>;
  try {
    response = await client.auth.test();
  } catch (error) {
    const reason = slackErrorText(error);
    const fix = ['invalid_auth', 'not_authed', 'token_revoked', 'account_inactive', 'token_expired'].includes(reason)
      ? 'install the Slack app to the workspace and store its Bot User OAuth Token (xoxb-…) as botToken in the secret'
      : 'check that Slack is reachable from here and retry';
    return { results: [fail('slack-token', `auth.test failed: ${reason}`, fix)], valid: false };
  }
  const who = `bot @${response.user ?? '?'} (${response.user_id ?? '?'}) in workspace ${response.team ?? '?'}`;
  if (!response.bot_id) {
    const fix = 'store the Bot User OAuth Token (xoxb-…), not a user token';
    return { results: [fail('slack-token', `not a bot token: ${who}`, fix)], valid: false };
  }
  const results: CheckResult[] = [pass('slack-token', `valid: ${who}`)];

  const granted = response.response_metadata?.scopes;
  const required = requiredBotScopes();
  if (!granted) {
    results.push(
      warn('slack-scopes', 'Slack did not report the granted scopes', `make sure the app has: ${required.join(', ')}`),
    );
    return { results, valid: true };
  }
  const missing = required.filter((scope) => !granted.includes(scope));
  const extra = granted.filter((scope) => !required.includes(scope));
  if (missing.length > 0) {
    results.push(fail('slack-scopes', `missing ${missing.join(', ')}`, MANIFEST_FIX));
  } else if (extra.length > 0) {
    results.push(
      warn(
        'slack-scopes',
        `all ${required.length} needed; also granted ${extra.join(', ')}`,
        'remove the scopes Warden does not use from the Slack app and reinstall it',
      ),
    );
  } else {
    results.push(pass('slack-scopes', `exactly the ${required.length} Warden needs: ${required.join(', ')}`));
  }
  return { results, valid: true };
}
