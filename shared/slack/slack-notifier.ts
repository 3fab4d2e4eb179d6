/**
 * The Notifier that talks to Slack (DESIGN §1, §5): a finding becomes a
 * message in its severity's channel (or a thread reply when it continues a
 * root session); a completed action updates that message and adds a thread
 * line. Delivery, retries, rate limits and the SNS fallback (when Slack cannot
 * be reached, the same content goes to the SNS topic in text form and is
 * logged — nothing is dropped silently) are the gateway's.
 */
import type { ActionNotice, FindingNotice, Notifier } from '../model/notices.js';
import type { DigestPoster } from './digest-poster.js';
import type { WardenConfig } from '../settings/warden-config.js';
import type { WardenStore } from '../store/store.js';
import { messageText, plainFromMrkdwn } from './message-text.js';
import { type FindingRenderSettings, renderFinding, withChangedAction } from './render-finding.js';
import type { SlackGateway } from './slack-gateway.js';
import { actionThreadLine } from './thread-line.js';

export interface SlackNotifierDependencies {
  readonly gateway: SlackGateway;
  readonly config: Pick<WardenConfig, 'slack'>;
  /** How findings are rendered (on-call group, account aliases). */
  readonly render: FindingRenderSettings;
  /** Reads the other actions of a finding, so an update keeps their buttons. */
  readonly store: Pick<WardenStore, 'listActions'>;
}

export function slackNotifier(deps: SlackNotifierDependencies): Notifier & DigestPoster {
  const { gateway } = deps;
  const channels = deps.config.slack.channels;

  return {
    async findingRaised(notice: FindingNotice) {
      const { finding, decision } = notice;
      const message = renderFinding(finding, notice.actions, deps.render, decision);
      const parent = notice.thread?.slack;
      return gateway.orFallback(
        `Warden ${decision.severity.toUpperCase()}: ${finding.title}`,
        () => messageText(message),
        // A continued thread (a root session's later calls) is a reply under the first message, nothing more.
        () =>
          parent
            ? gateway.post(parent.channel, message, parent.ts)
            : gateway.post(channels[decision.severity] ?? channels.default, message),
      );
    },

    async postDigest(message, channel) {
      return gateway.orFallback(
        'Warden: IAM hygiene digest',
        () => messageText(message),
        () => gateway.post(channel, message),
      );
    },

    async actionCompleted(notice: ActionNotice) {
      const { finding, action } = notice;
      const actions = withChangedAction(await deps.store.listActions(action.findingId), action);
      const message = renderFinding(finding, actions, deps.render);
      const line = actionThreadLine(notice);
      await gateway.orFallback(
        `Warden: ${action.status} - ${finding.title}`,
        () => `${plainFromMrkdwn(line)}\n\n${messageText(message)}`,
        async () => {
          let ref = finding.slack;
          if (ref) {
            await gateway.update(ref, message);
          } else {
            // The first message never reached Slack: post the current state now.
            ref = await gateway.post(channels[finding.severity] ?? channels.default, message);
          }
          await gateway.post(ref.channel, { text: line, blocks: [] }, ref.ts);
        },
      );
    },
  };
}
