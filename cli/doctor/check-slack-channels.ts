import type { WebClient } from '@slack/web-api';
import { type CheckResult, fail, pass } from './check-result.js';
import { slackErrorText } from './slack-error.js';

const CHECK = 'slack-channel';
const CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;

interface ChannelState {
  readonly id: string;
  readonly name?: string;
  readonly isMember: boolean;
}

/** A channel configured by name: listed (public and the private ones the bot is in) and matched by name. */
async function findByName(client: WebClient, name: string): Promise<ChannelState | undefined> {
  let cursor: string | undefined;
  do {
    const page = await client.conversations.list({
      types: 'public_channel,private_channel',
      exclude_archived: true,
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    const hit = page.channels?.find((channel) => channel.name === name);
    if (hit?.id) return { id: hit.id, name, isMember: hit.is_member === true };
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return undefined;
}

async function channelState(client: WebClient, channel: string): Promise<ChannelState | undefined> {
  if (CHANNEL_ID.test(channel)) {
    const { channel: info } = await client.conversations.info({ channel });
    return info?.id
      ? { id: info.id, ...(info.name ? { name: info.name } : {}), isMember: info.is_member === true }
      : undefined;
  }
  return findByName(client, channel.replace(/^#/, ''));
}

/**
 * The bot is a member of every channel Warden posts to (it has no
 * chat:write.public, so it can post only where it was invited). Channels are
 * those of `slack.channels` and the sweep digest in warden.config.yml.
 */
export async function checkSlackChannels(client: WebClient, channels: readonly string[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const channel of [...new Set(channels)]) {
    const configured = CHANNEL_ID.test(channel) ? channel : `#${channel.replace(/^#/, '')}`;
    const invite = (label: string) => `in Slack, open ${label} and run /invite @Warden`;
    try {
      const state = await channelState(client, channel);
      if (!state) {
        results.push(
          fail(
            CHECK,
            `${configured}: not found, or private without the bot`,
            `create ${configured} or fix slack.channels in warden.config.yml; for a private channel: ${invite(configured)}`,
          ),
        );
        continue;
      }
      const label = state.name ? `#${state.name} (${state.id})` : state.id;
      if (!state.isMember) {
        results.push(
          fail(CHECK, `${label}: the bot is not a member`, invite(state.name ? `#${state.name}` : state.id)),
        );
      } else {
        results.push(pass(CHECK, `${label}: the bot is a member`));
      }
    } catch (error) {
      const reason = slackErrorText(error);
      const fix =
        reason === 'channel_not_found'
          ? `fix the channel in warden.config.yml, or ${invite(configured)}`
          : reason === 'missing_scope'
            ? 'grant channels:read and groups:read (slack-app-manifest.yml) and reinstall the app'
            : 'retry; check that Slack is reachable';
      results.push(fail(CHECK, `${configured}: ${reason}`, fix));
    }
  }
  return results;
}
