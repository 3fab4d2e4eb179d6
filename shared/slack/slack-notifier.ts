/**
 * The Notifier that talks to Slack (DESIGN §1, §5): a finding becomes a
 * message in its severity's channel (or a thread reply when it continues a
 * root session); a completed action updates that message and adds a thread
 * line. When Slack cannot be reached after bounded retries, the same content
 * goes to the SNS topic in text form and is logged — nothing is dropped silently.
 *
 * Rate limits: the Web API client's own 429 handling waits whatever Retry-After
 * says (Slack may ask for a minute) and pauses every queued call, which would
 * spend a Lambda invocation's time. So calls are made with
 * `rejectRateLimitedCalls` and a 429 is retried here once, only when its
 * Retry-After is within `maxRetryAfterSeconds` (3 s by default); beyond that
 * the notice goes to SNS at once.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import {
  type Logger as SlackLogger,
  LogLevel,
  type RetryOptions,
  SlackError,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebClient,
} from '@slack/web-api';
import type { ActionLogger } from '../actions/action.js';
import type { ActionNotice, FindingNotice, Notifier } from '../engine/notifier.js';
import type { WardenConfig } from '../settings/warden-config.js';
import type { ActionRecord, SlackRef, WardenStore } from '../store/store.js';
import type { DigestPoster } from '../engine/digest-poster.js';
import { findingMessage } from './finding-message.js';
import { messageText, plainFromMrkdwn } from './message-text.js';
import type { SlackCredentialsSource } from './slack-credentials.js';
import type { SlackMessage } from './slack-message.js';
import { actionThreadLine } from './thread-line.js';

export interface SlackNotifierDependencies {
  readonly credentials: SlackCredentialsSource;
  readonly config: Pick<WardenConfig, 'slack'>;
  /** Reads the other actions of a finding, so an update keeps their buttons. */
  readonly store: Pick<WardenStore, 'listActions'>;
  /** Where notices go when Slack cannot be reached; without it they are only logged. */
  readonly fallback?: { readonly sns: SNSClient; readonly topicArn: string };
  readonly logger: ActionLogger;
  /** The Web API base URL; Slack's by default (a fake server in tests). */
  readonly slackApiUrl?: string;
  /** Transport retries for network errors and 5xx; 2 quick retries by default. */
  readonly retryConfig?: RetryOptions;
  /** Per-request timeout; 5 s by default. */
  readonly timeoutMs?: number;
  /** A 429 asking to wait longer than this is not waited for; 3 s by default. */
  readonly maxRetryAfterSeconds?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Account id → alias shown beside the id. */
  readonly accountAlias?: (account: string) => string | undefined;
}

export const DEFAULT_SLACK_RETRY: RetryOptions = { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 1000 };
const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_MAX_RETRY_AFTER_SECONDS = 3;
/** SNS refuses subjects over 100 characters, with line breaks or non-ASCII characters. */
const SNS_SUBJECT_MAX = 100;

export function slackNotifier(deps: SlackNotifierDependencies): Notifier & DigestPoster {
  const clients = new Map<string, WebClient>();
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxRetryAfter = deps.maxRetryAfterSeconds ?? DEFAULT_MAX_RETRY_AFTER_SECONDS;
  const webLogger = slackLogger(deps.logger);

  async function client(): Promise<WebClient> {
    const { botToken } = await deps.credentials.get();
    let web = clients.get(botToken);
    if (!web) {
      clients.clear(); // a rotated token replaces the old client
      web = new WebClient(botToken, {
        ...(deps.slackApiUrl ? { slackApiUrl: deps.slackApiUrl } : {}),
        retryConfig: deps.retryConfig ?? DEFAULT_SLACK_RETRY,
        timeout: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        rejectRateLimitedCalls: true,
        logger: webLogger,
      });
      clients.set(botToken, web);
    }
    return web;
  }

  /** One call, with one bounded wait on a 429. */
  async function call<T>(run: (web: WebClient) => Promise<T>): Promise<T> {
    const web = await client();
    try {
      return await run(web);
    } catch (error) {
      if (!(error instanceof WebAPIRateLimitedError) || error.retryAfter > maxRetryAfter) throw error;
      await sleep(Math.max(error.retryAfter, 1) * 1000);
      return run(web);
    }
  }

  async function post(channel: string, message: SlackMessage, threadTs?: string): Promise<SlackRef> {
    const posted = await call((web) =>
      web.chat.postMessage({
        channel,
        text: message.text,
        ...(message.blocks.length > 0 ? { blocks: [...message.blocks] as never } : {}),
        unfurl_links: false,
        unfurl_media: false,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      }),
    );
    return { channel: posted.channel ?? channel, ts: posted.ts ?? '' };
  }

  async function fallback(subject: string, body: string, error: unknown): Promise<void> {
    const failure = slackFailure(error);
    deps.logger.warn('slack delivery failed', { failure, subject, text: body });
    if (!deps.fallback) {
      deps.logger.warn('no SNS fallback topic configured: the notice is only in this log', { subject });
      return;
    }
    try {
      await deps.fallback.sns.send(
        new PublishCommand({
          TopicArn: deps.fallback.topicArn,
          Subject: snsSubject(subject),
          Message: `${body}\n\n(Sent by email/SNS because Slack could not be reached: ${failure}.)`,
        }),
      );
      deps.logger.info('notice sent to the SNS fallback topic', { subject });
    } catch (snsError) {
      deps.logger.warn('SNS fallback failed too: the notice is only in this log', {
        subject,
        error: snsError instanceof Error ? snsError.name : String(snsError),
      });
    }
  }

  return {
    async findingRaised(notice: FindingNotice) {
      const { finding, decision } = notice;
      const message = findingMessage({
        finding,
        decision,
        actions: notice.actions,
        ...aliasOf(finding.account, deps.accountAlias),
        ...(deps.config.slack.onCallUserGroup ? { onCallUserGroup: deps.config.slack.onCallUserGroup } : {}),
      });
      const parent = notice.thread?.slack;
      const channels = deps.config.slack.channels;
      try {
        // A continued thread (a root session's later calls) is a reply under the first message, nothing more.
        if (parent) return await post(parent.channel, message, parent.ts);
        return await post(channels[decision.severity] ?? channels.default, message);
      } catch (error) {
        await fallback(`Warden ${decision.severity.toUpperCase()}: ${finding.title}`, messageText(message), error);
        return undefined;
      }
    },

    async postDigest(message: SlackMessage, channel: string) {
      try {
        return await post(channel, message);
      } catch (error) {
        await fallback('Warden: IAM hygiene digest', messageText(message), error);
        return undefined;
      }
    },

    async actionCompleted(notice: ActionNotice) {
      const { finding, action } = notice;
      const actions = await currentActions(deps.store, action);
      const message = findingMessage({
        finding,
        decision: { mode: action.mode, dryRun: false, notes: [], severity: finding.severity },
        actions,
        ...aliasOf(finding.account, deps.accountAlias),
      });
      const line = actionThreadLine(notice);
      try {
        let ref = finding.slack;
        if (ref) {
          const { channel, ts } = ref;
          await call((web) =>
            web.chat.update({ channel, ts, text: message.text, blocks: [...message.blocks] as never }),
          );
        } else {
          // The first message never reached Slack: post the current state now.
          const channels = deps.config.slack.channels;
          ref = await post(channels[finding.severity] ?? channels.default, message);
        }
        await post(ref.channel, { text: line, blocks: [] }, ref.ts);
      } catch (error) {
        await fallback(
          `Warden: ${action.status} - ${finding.title}`,
          `${plainFromMrkdwn(line)}\n\n${messageText(message)}`,
          error,
        );
      }
    },
  };
}

/** The finding's actions with the completed one in its new state (the list read may lag behind). */
async function currentActions(store: Pick<WardenStore, 'listActions'>, action: ActionRecord): Promise<ActionRecord[]> {
  const listed = await store.listActions(action.findingId);
  const merged = listed.map((other) => (other.id === action.id ? action : other));
  return merged.some((other) => other.id === action.id) ? merged : [...merged, action];
}

function aliasOf(
  account: string | undefined,
  alias: ((account: string) => string | undefined) | undefined,
): { accountAlias?: string } {
  const found = account && alias ? alias(account) : undefined;
  return found ? { accountAlias: found } : {};
}

/** Printable ASCII on one line, at most 100 characters. */
export function snsSubject(subject: string): string {
  const ascii = subject
    .normalize('NFKD')
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7E]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim();
  return (ascii.length > SNS_SUBJECT_MAX ? `${ascii.slice(0, SNS_SUBJECT_MAX - 3)}...` : ascii) || 'Warden notice';
}

/** What went wrong, without tokens or response bodies. */
function slackFailure(error: unknown): string {
  if (error instanceof WebAPIRateLimitedError) return `rate limited (retry after ${error.retryAfter} s)`;
  if (error instanceof WebAPIPlatformError) return `Slack error ${error.data.error}`;
  if (error instanceof WebAPIHTTPError) return `HTTP ${error.statusCode}`;
  if (error instanceof SlackError) return error.code;
  if (error instanceof Error) return error.name;
  return 'unknown error';
}

/** The Web API client's own log lines, through Warden's logger (debug and info dropped). */
function slackLogger(logger: ActionLogger): SlackLogger {
  let level = LogLevel.WARN;
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...messages: unknown[]) => logger.warn('slack client', { detail: messages.map(String).join(' ') }),
    error: (...messages: unknown[]) => logger.warn('slack client error', { detail: messages.map(String).join(' ') }),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
