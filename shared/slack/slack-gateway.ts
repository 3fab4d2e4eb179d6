/**
 * Warden's one way to Slack's Web API (DESIGN §1, §5): every message posted,
 * updated or shown to one user, and every directory lookup, goes through here.
 * It owns the bot-token client (a rotated token replaces it), the transport
 * retries, the bounded 429 handling and the SNS fallback for notices.
 *
 * Rate limits: the Web API client's own 429 handling waits whatever Retry-After
 * says (Slack may ask for a minute) and pauses every queued call, which would
 * spend a Lambda invocation's time. So calls are made with
 * `rejectRateLimitedCalls` and a 429 is retried here once, only when its
 * Retry-After is within `maxRetryAfterSeconds` (3 s by default); beyond that
 * the call fails at once (and a notice goes to SNS).
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
import type { SlackRef } from '../model/records.js';
import type { SlackDirectoryClient } from './authorise-clicker.js';
import type { SlackMessage } from './slack-message.js';

export interface SlackGatewayOptions {
  /** Where the bot token comes from (cached by the source). */
  readonly credentials: { get(): Promise<{ readonly botToken: string }> };
  readonly logger: ActionLogger;
  /** Where notices go when Slack cannot be reached; without it they are only logged. */
  readonly fallback?: { readonly sns: SNSClient; readonly topicArn: string };
  /** The Web API base URL; Slack's by default (a fake server in tests). */
  readonly slackApiUrl?: string;
  /** Transport retries for network errors and 5xx; 2 quick retries by default. */
  readonly retryConfig?: RetryOptions;
  /** Per-request timeout; 5 s by default. */
  readonly timeoutMs?: number;
  /** A 429 asking to wait longer than this is not waited for; 3 s by default. */
  readonly maxRetryAfterSeconds?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface EphemeralMessage {
  readonly channel: string;
  readonly user: string;
  readonly text: string;
  readonly threadTs?: string;
}

export interface SlackGateway {
  /** Posts a message (a thread reply when `threadTs` is given); throws when Slack cannot be reached. */
  post(channel: string, message: SlackMessage, threadTs?: string): Promise<SlackRef>;
  /** Replaces a posted message; throws when Slack cannot be reached. */
  update(ref: SlackRef, message: SlackMessage): Promise<void>;
  /** A message only `user` sees; throws when Slack cannot be reached. */
  ephemeral(message: EphemeralMessage): Promise<void>;
  /** The directory calls (user groups, user profiles) the clicker check makes. */
  readonly directory: SlackDirectoryClient;
  /**
   * Runs `send`; when it fails, the notice (`subject`, `body()`) is logged and
   * sent to the SNS fallback topic instead, and the result is undefined.
   */
  orFallback<T>(subject: string, body: () => string, send: () => Promise<T>): Promise<T | undefined>;
}

const DEFAULT_SLACK_RETRY: RetryOptions = { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 1000 };
const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_MAX_RETRY_AFTER_SECONDS = 3;
/** SNS refuses subjects over 100 characters, with line breaks or non-ASCII characters. */
const SNS_SUBJECT_MAX = 100;

export function slackGateway(options: SlackGatewayOptions): SlackGateway {
  let client: { readonly token: string; readonly web: WebClient } | undefined;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxRetryAfter = options.maxRetryAfterSeconds ?? DEFAULT_MAX_RETRY_AFTER_SECONDS;
  const webLogger = slackLogger(options.logger);

  async function webClient(): Promise<WebClient> {
    const { botToken } = await options.credentials.get();
    if (client?.token !== botToken) {
      // A rotated token replaces the old client.
      client = {
        token: botToken,
        web: new WebClient(botToken, {
          ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
          retryConfig: options.retryConfig ?? DEFAULT_SLACK_RETRY,
          timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          rejectRateLimitedCalls: true,
          logger: webLogger,
        }),
      };
    }
    return client.web;
  }

  /** One call, with one bounded wait on a 429. */
  async function call<T>(run: (web: WebClient) => Promise<T>): Promise<T> {
    const web = await webClient();
    try {
      return await run(web);
    } catch (error) {
      if (!(error instanceof WebAPIRateLimitedError) || error.retryAfter > maxRetryAfter) throw error;
      await sleep(Math.max(error.retryAfter, 1) * 1000);
      return run(web);
    }
  }

  async function fallback(subject: string, body: string, error: unknown): Promise<void> {
    const failure = slackFailure(error);
    options.logger.warn('slack delivery failed', { failure, subject, text: body });
    if (!options.fallback) {
      options.logger.warn('no SNS fallback topic configured: the notice is only in this log', { subject });
      return;
    }
    try {
      await options.fallback.sns.send(
        new PublishCommand({
          TopicArn: options.fallback.topicArn,
          Subject: snsSubject(subject),
          Message: `${body}\n\n(Sent by email/SNS because Slack could not be reached: ${failure}.)`,
        }),
      );
      options.logger.info('notice sent to the SNS fallback topic', { subject });
    } catch (snsError) {
      options.logger.warn('SNS fallback failed too: the notice is only in this log', {
        subject,
        error: snsError instanceof Error ? snsError.name : String(snsError),
      });
    }
  }

  return {
    async post(channel, message, threadTs) {
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
    },
    async update({ channel, ts }, message) {
      await call((web) => web.chat.update({ channel, ts, text: message.text, blocks: [...message.blocks] as never }));
    },
    async ephemeral({ channel, user, text, threadTs }) {
      await call((web) =>
        web.chat.postEphemeral({ channel, user, text, ...(threadTs ? { thread_ts: threadTs } : {}) }),
      );
    },
    directory: {
      usergroups: { users: { list: (args) => call((web) => web.usergroups.users.list(args)) } },
      users: { info: (args) => call((web) => web.users.info(args)) },
    },
    async orFallback(subject, body, send) {
      try {
        return await send();
      } catch (error) {
        await fallback(subject, body(), error);
        return undefined;
      }
    },
  };
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
export function slackFailure(error: unknown): string {
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
