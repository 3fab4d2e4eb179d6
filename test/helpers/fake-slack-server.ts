/**
 * A loopback stand-in for the Slack Web API (tests only). Point the real
 * `@slack/web-api` WebClient at it with `slackApiUrl: server.url`.
 *
 * Implements chat.postMessage, chat.update, chat.postEphemeral,
 * usergroups.users.list, auth.test, conversations.info/list and users.info; takes
 * form-encoded or JSON bodies (form values holding JSON — blocks — are
 * recorded parsed); checks the Bearer token (missing → not_authed, unknown →
 * invalid_auth); records every call; can answer the next N calls with 429
 * (Retry-After), 500, or an `ok: false` error.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { requiredBotScopes } from '../../shared/slack/slack-scopes.js';

export const FAKE_SLACK_TOKEN = 'xoxb-fake-slack-token';

export interface FakeSlackOptions {
  /** Bot tokens the server accepts; [FAKE_SLACK_TOKEN] by default. */
  readonly tokens?: readonly string[];
  /** User group id → member user ids (usergroups.users.list). */
  readonly userGroups?: Readonly<Record<string, readonly string[]>>;
  /** Known users (users.info); any id starting with U or W is answered when this is absent. */
  readonly users?: Readonly<
    Record<string, { readonly name?: string; readonly realName?: string; readonly email?: string }>
  >;
  /** Channel name → id; names not listed get a stable generated id on first use. */
  readonly channels?: Readonly<Record<string, string>>;
  /** Scopes sent in the `x-oauth-scopes` header of answered calls; the scopes Warden needs by default. */
  readonly scopes?: readonly string[];
  /** Channel names or ids the bot is a member of (conversations.info/list `is_member`); all when absent. */
  readonly botChannels?: readonly string[];
}

export interface SlackCall {
  readonly method: string;
  /** The arguments, JSON-valued form fields parsed (`blocks` is an array). */
  readonly args: Record<string, unknown>;
  /** The token sent (Bearer header or `token` field), if any. */
  readonly token?: string;
  /** How the call was answered. */
  readonly status: number;
}

export type FakeSlackFailure =
  { readonly status: 429; readonly retryAfter: number } | { readonly status: 500 } | { readonly error: string };

export interface FakeSlackMessage {
  readonly channel: string;
  readonly ts: string;
  readonly threadTs?: string;
  readonly text?: string;
  readonly blocks?: unknown;
  /** Every chat.update applied, oldest first (the message's fields hold the latest). */
  readonly updates: number;
}

export interface FakeSlackServer {
  /** Base URL for WebClient's `slackApiUrl` (ends with `/api/`). */
  readonly url: string;
  readonly calls: readonly SlackCall[];
  callsTo(method: string): SlackCall[];
  /** Answers the next `count` calls (any method) with `failure`. */
  failNext(count: number, failure: FakeSlackFailure): void;
  /** Top-level messages and thread replies, in posting order. */
  messages(): FakeSlackMessage[];
  /** The id the server uses for a channel name (or the id itself). */
  channelId(nameOrId: string): string;
  /** Forgets calls, messages and pending failures. */
  reset(): void;
  close(): Promise<void>;
}

const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

function parseValue(value: string): unknown {
  if (/^\s*[[{]/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseArgs(body: string, contentType: string | undefined): Record<string, unknown> {
  if (body === '') return {};
  if (contentType?.includes('application/json')) {
    const parsed = JSON.parse(body) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  }
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) args[key] = parseValue(value);
  return args;
}

export async function startFakeSlackServer(options: FakeSlackOptions = {}): Promise<FakeSlackServer> {
  const tokens = new Set(options.tokens ?? [FAKE_SLACK_TOKEN]);
  const channelIds = new Map(Object.entries(options.channels ?? {}));
  const calls: SlackCall[] = [];
  let messages: { -readonly [K in keyof FakeSlackMessage]: FakeSlackMessage[K] }[] = [];
  let failures: FakeSlackFailure[] = [];
  let tsCounter = 0;

  const channelId = (nameOrId: string): string => {
    const name = nameOrId.replace(/^#/, '');
    if (CHANNEL_ID.test(name)) return name;
    let id = channelIds.get(name);
    if (!id) {
      id = `C0FAKE${String(channelIds.size + 1).padStart(4, '0')}`;
      channelIds.set(name, id);
    }
    return id;
  };
  const channelName = (id: string): string | undefined => [...channelIds].find(([, value]) => value === id)?.[0];
  const isMember = (id: string): boolean =>
    !options.botChannels || options.botChannels.some((channel) => channelId(channel) === id);
  const scopeHeader = { 'x-oauth-scopes': (options.scopes ?? requiredBotScopes()).join(',') };
  const nextTs = () => {
    tsCounter += 1;
    return `${1_800_000_000 + tsCounter}.${String(tsCounter).padStart(6, '0')}`;
  };

  function answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const str = (key: string) => (typeof args[key] === 'string' ? (args[key] as string) : undefined);
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack.test/',
          team: 'Fake',
          team_id: 'T0FAKE',
          user: 'warden',
          user_id: 'U0WARDEN',
          bot_id: 'B0WARDEN',
        };
      case 'chat.postMessage': {
        const channel = str('channel');
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (!str('text') && !args['blocks']) return { ok: false, error: 'no_text' };
        const id = channelId(channel);
        const threadTs = str('thread_ts');
        if (threadTs && !messages.some((m) => m.channel === id && m.ts === threadTs)) {
          return { ok: false, error: 'thread_not_found' };
        }
        const message = {
          channel: id,
          ts: nextTs(),
          ...(threadTs ? { threadTs } : {}),
          text: str('text'),
          blocks: args['blocks'],
          updates: 0,
        };
        messages.push(message);
        return { ok: true, channel: id, ts: message.ts, message: { text: message.text, ts: message.ts } };
      }
      case 'chat.update': {
        const channel = str('channel');
        const ts = str('ts');
        const message = messages.find((m) => m.channel === channel && m.ts === ts);
        if (!message)
          return { ok: false, error: channel && CHANNEL_ID.test(channel) ? 'message_not_found' : 'channel_not_found' };
        message.text = str('text') ?? message.text;
        if (args['blocks'] !== undefined) message.blocks = args['blocks'];
        message.updates += 1;
        return { ok: true, channel: message.channel, ts: message.ts, text: message.text };
      }
      case 'chat.postEphemeral':
        if (!str('channel') || !str('user')) return { ok: false, error: 'invalid_arguments' };
        return { ok: true, message_ts: nextTs() };
      case 'usergroups.users.list': {
        const users = options.userGroups?.[str('usergroup') ?? ''];
        return users ? { ok: true, users: [...users] } : { ok: false, error: 'no_such_subteam' };
      }
      case 'conversations.info': {
        const channel = str('channel') ?? '';
        const name = channelName(channel);
        return name
          ? { ok: true, channel: { id: channel, name, is_channel: true, is_member: isMember(channel) } }
          : { ok: false, error: 'channel_not_found' };
      }
      case 'conversations.list':
        return {
          ok: true,
          channels: [...channelIds].map(([name, id]) => ({ id, name, is_channel: true, is_member: isMember(id) })),
          response_metadata: { next_cursor: '' },
        };
      case 'users.info': {
        const user = str('user') ?? '';
        const known = options.users ? options.users[user] : /^[UW][A-Z0-9]{2,}$/.test(user) ? {} : undefined;
        if (!known) return { ok: false, error: 'user_not_found' };
        const name = known.name ?? user.toLowerCase();
        const realName = known.realName ?? name;
        const profile = { real_name: realName, ...(known.email ? { email: known.email } : {}) };
        return { ok: true, user: { id: user, name, real_name: realName, profile } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = /^\/api\/([A-Za-z.]+)$/.exec(request.url?.split('?')[0] ?? '')?.[1] ?? '';
    const body = await readBody(request);
    let args: Record<string, unknown>;
    try {
      args = parseArgs(body, request.headers['content-type']);
    } catch {
      args = {};
    }
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof args['token'] === 'string' ? (args['token'] as string) : undefined);
    const { token: _omit, ...recorded } = args;
    void _omit;
    const send = (
      status: number,
      payload: Record<string, unknown> | undefined,
      headers: Record<string, string> = {},
    ) => {
      calls.push({ method, args: recorded, ...(token ? { token } : {}), status });
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      response.end(payload ? JSON.stringify(payload) : '');
    };

    const failure = failures.shift();
    if (failure) {
      if ('error' in failure) return send(200, { ok: false, error: failure.error });
      if (failure.status === 429)
        return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfter) });
      return send(500, { ok: false, error: 'internal_error' });
    }
    if (!token) return send(200, { ok: false, error: 'not_authed' });
    if (!tokens.has(token)) return send(200, { ok: false, error: 'invalid_auth' });
    send(200, answer(method, args), scopeHeader);
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    failNext(count, failure) {
      for (let i = 0; i < count; i += 1) failures.push(failure);
    },
    messages: () => messages.map((message) => ({ ...message })),
    channelId,
    reset() {
      calls.length = 0;
      messages = [];
      failures = [];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** One fake Slack server per test file, reset before each test. */
export function useFakeSlackServer(options: FakeSlackOptions = {}): { server: FakeSlackServer } {
  const holder = {} as { server: FakeSlackServer };
  beforeAll(async () => {
    holder.server = await startFakeSlackServer(options);
  });
  beforeEach(() => holder.server.reset());
  afterAll(async () => {
    await holder.server?.close();
  });
  return holder;
}
