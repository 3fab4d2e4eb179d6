/**
 * What a click says back in Slack: a reply only the clicker sees, a line in
 * the message's thread, and the finding's message re-rendered with the
 * action's new state. Calls are started at once and awaited together by
 * `settled()`; a failed one is logged, never thrown (the click itself is done).
 */
import type { ActionLogger } from '../actions/action.js';
import type { ActionRecord, FindingRecord } from '../model/records.js';
import { describeAction } from './finding-message.js';
import type { ButtonClick } from './interaction-payload.js';
import { type FindingRenderSettings, renderFinding, withChangedAction } from './render-finding.js';
import type { SlackGateway } from './slack-gateway.js';
import { clickThreadLine } from './thread-line.js';

export interface ClickReplyDependencies {
  readonly gateway: SlackGateway;
  readonly render: FindingRenderSettings;
  /** The finding's recorded actions, so a re-rendering keeps the others' buttons. */
  readonly listActions: (findingId: string) => Promise<readonly ActionRecord[]>;
  readonly clock: () => Date;
  readonly logger: ActionLogger;
}

export interface ClickSubject {
  readonly finding: FindingRecord;
  /** Absent for finding-level buttons (Expected change). */
  readonly action?: ActionRecord;
}

export class ClickReply {
  private readonly tasks: Promise<unknown>[] = [];

  constructor(
    private readonly click: ButtonClick,
    private readonly subject: ClickSubject | undefined,
    private readonly deps: ClickReplyDependencies,
  ) {}

  private start(what: string, call: () => Promise<unknown>): void {
    this.tasks.push(
      call().catch((error: unknown) => {
        this.deps.logger.warn('slack call failed', {
          call: what,
          error: error instanceof Error ? error.name : 'unknown',
          code: (error as { code?: unknown } | undefined)?.code,
        });
      }),
    );
  }

  /** Only the clicker sees it. */
  ephemeral(text: string): void {
    const threadTs = this.click.threadTs;
    this.start('chat.postEphemeral', () =>
      this.deps.gateway.ephemeral({
        channel: this.click.channel,
        user: this.click.userId,
        text,
        ...(threadTs ? { threadTs } : {}),
      }),
    );
  }

  /** The click, who/what/when/result, in the message's thread. */
  threadLine(result: string): void {
    if (!this.subject) return;
    const { finding, action } = this.subject;
    // Under the message clicked (a finding's own message, or a digest); else the finding's message.
    const clicked = this.click.threadTs ?? this.click.messageTs;
    const channel = clicked ? this.click.channel : finding.slack?.channel;
    const ts = clicked ?? finding.slack?.ts;
    if (!channel || !ts) return;
    const text = clickThreadLine({
      userId: this.click.userId,
      action: this.click.actionId,
      subject: action ? describeAction(action, finding.remediation) : finding.title,
      at: this.deps.clock(),
      result,
    });
    this.start('chat.postMessage', () => this.deps.gateway.post(channel, { text, blocks: [] }, ts));
  }

  /**
   * Re-renders the finding's own message with the action's new record. A
   * finding without a message of its own (an item of a sweep digest) leaves
   * the clicked message as it is; the clicker gets `confirmation` instead.
   */
  async refreshMessage(changed: ActionRecord, confirmation?: string): Promise<void> {
    if (!this.subject) return;
    const { finding } = this.subject;
    const ref = finding.slack;
    if (!ref) {
      if (confirmation) this.ephemeral(confirmation);
      return;
    }
    const actions = withChangedAction(await this.deps.listActions(finding.id), changed);
    const message = renderFinding(finding, actions, this.deps.render);
    this.start('chat.update', () => this.deps.gateway.update(ref, message));
  }

  /** Waits for the Slack calls started (each failure is logged, none thrown). */
  async settled(): Promise<void> {
    await Promise.all(this.tasks);
  }
}
