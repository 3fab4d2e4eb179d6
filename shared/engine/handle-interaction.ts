import { createHash } from 'node:crypto';
import { parseInteraction } from '../slack/interaction-payload.js';
import { verifySlackSignature } from '../slack/verify-signature.js';
import { type ClickDependencies, handleClick } from './handle-click.js';

/** Longer than the 5 minutes a Slack signature is accepted, plus clock skew. */
const REPLAY_WINDOW_SECONDS = 10 * 60;

export interface InteractionDependencies extends ClickDependencies {
  /** The Slack app's signing secret (cached by the provider). */
  readonly signingSecret: () => Promise<string>;
}

/** An HTTP request as received: header names in any case, the body's exact bytes. */
export interface RawHttpRequest {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Uint8Array;
}

export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Short fixed bodies: no internal error text ever reaches the caller. */
function respond(statusCode: number, body = ''): HttpResponse {
  return { statusCode, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}

function header(request: RawHttpRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/**
 * The interactivity endpoint (DESIGN §1, §5): verify Slack's signature over
 * the raw body → refuse a replayed request → parse the click → handle it
 * (authorise → route: `handle-click.ts`) → 200. Bad signatures get 401, bad
 * payloads 400, and no internal error text ever reaches the caller.
 */
export async function handleInteraction(request: RawHttpRequest, deps: InteractionDependencies): Promise<HttpResponse> {
  try {
    const check = verifySlackSignature({
      signingSecret: await deps.signingSecret(),
      timestamp: header(request, 'x-slack-request-timestamp'),
      signature: header(request, 'x-slack-signature'),
      rawBody: request.body,
      now: deps.clock(),
    });
    if (!check.ok) {
      deps.logger.warn('slack request refused', { reason: check.reason });
      return respond(401, 'unauthorised');
    }
    // Slack's signature stays valid for 5 minutes: a replay of the same request acts (and posts) nothing.
    const digest = createHash('sha256')
      .update(`${header(request, 'x-slack-request-timestamp') ?? ''}:`)
      .update(request.body)
      .digest('hex');
    if (!(await deps.store.claimSlackRequest(digest, REPLAY_WINDOW_SECONDS))) {
      deps.logger.warn('slack request replayed', { digest });
      return respond(200);
    }
    const parsed = parseInteraction(request.body);
    if (!parsed.ok) {
      deps.logger.warn('slack interaction rejected', { reason: parsed.reason, detail: parsed.detail });
      return respond(400, 'bad request');
    }
    const outcome = await handleClick(parsed.click, deps);
    deps.logger.info('slack click handled', {
      action: parsed.click.actionId,
      value: parsed.click.value,
      user: parsed.click.userId,
      outcome,
    });
    return respond(200);
  } catch (error) {
    deps.logger.warn('slack interaction failed', {
      error: error instanceof Error ? error.name : 'unknown',
      code: (error as { code?: unknown } | undefined)?.code,
    });
    return respond(500, 'internal error');
  }
}
