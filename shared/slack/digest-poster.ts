import type { ActionLogger } from '../actions/action.js';
import type { SlackMessage } from './slack-message.js';
import type { SlackRef } from '../model/records.js';

/** Posts one digest message (the hygiene sweep's); Slack in production, a log line until configured. */
export interface DigestPoster {
  postDigest(message: SlackMessage, channel: string): Promise<SlackRef | undefined>;
}

/** Logs the digest's fallback text and size instead of posting it. */
export function loggingDigestPoster(logger: Pick<ActionLogger, 'info'>): DigestPoster {
  return {
    async postDigest(message, channel) {
      logger.info('hygiene digest', { channel, text: message.text, blocks: message.blocks.length });
      return undefined;
    },
  };
}
