/** Checks a Block Kit message against Slack's documented limits (tests prove every message Warden builds passes). */
import { SLACK_LIMITS } from './slack-limits.js';
import type { SlackMessage, SlackTextObject } from './slack-message.js';

/** Every limit the message breaks, in words; empty when it is within Slack's limits. */
export function slackLimitProblems(message: SlackMessage): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const text = (object: SlackTextObject | undefined, max: number, where: string) => {
    if (object === undefined) return;
    check(object.text.length > 0, `${where}: empty text`);
    check(object.text.length <= max, `${where}: ${object.text.length} > ${max} characters`);
  };
  check(message.text.length > 0 && message.text.length <= SLACK_LIMITS.fallbackText, 'fallback text length');
  check(message.blocks.length <= SLACK_LIMITS.blocks, `${message.blocks.length} blocks > ${SLACK_LIMITS.blocks}`);
  const actionIds = new Set<string>();
  const blockIds = new Set<string>();
  message.blocks.forEach((block, index) => {
    const where = `block ${index} (${block.type})`;
    if ('block_id' in block && block.block_id !== undefined) {
      check(block.block_id.length <= SLACK_LIMITS.blockId, `${where}: block_id too long`);
      check(!blockIds.has(block.block_id), `${where}: duplicate block_id ${block.block_id}`);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case 'header':
        check(block.text.type === 'plain_text', `${where}: header text must be plain_text`);
        text(block.text, SLACK_LIMITS.headerText, where);
        break;
      case 'section':
        check(block.text !== undefined || (block.fields?.length ?? 0) > 0, `${where}: needs text or fields`);
        text(block.text, SLACK_LIMITS.sectionText, where);
        check((block.fields?.length ?? 0) <= SLACK_LIMITS.sectionFields, `${where}: too many fields`);
        for (const field of block.fields ?? []) text(field, SLACK_LIMITS.fieldText, `${where} field`);
        break;
      case 'context':
        check(block.elements.length > 0, `${where}: no elements`);
        check(block.elements.length <= SLACK_LIMITS.contextElements, `${where}: too many elements`);
        for (const element of block.elements) text(element, SLACK_LIMITS.sectionText, `${where} element`);
        break;
      case 'actions':
        check(block.elements.length > 0, `${where}: no elements`);
        check(block.elements.length <= SLACK_LIMITS.actionsElements, `${where}: too many elements`);
        for (const button of block.elements) {
          const at = `${where} button ${button.action_id}`;
          check(button.text.type === 'plain_text', `${at}: text must be plain_text`);
          text(button.text, SLACK_LIMITS.buttonText, at);
          check(button.value.length > 0 && button.value.length <= SLACK_LIMITS.buttonValue, `${at}: value length`);
          check(button.action_id.length > 0 && button.action_id.length <= SLACK_LIMITS.actionId, `${at}: action_id`);
          check(!actionIds.has(button.action_id), `${at}: duplicate action_id`);
          actionIds.add(button.action_id);
          if (button.confirm) {
            text(button.confirm.title, SLACK_LIMITS.confirmTitle, `${at} confirm title`);
            text(button.confirm.text, SLACK_LIMITS.confirmText, `${at} confirm text`);
            text(button.confirm.confirm, SLACK_LIMITS.confirmButton, `${at} confirm button`);
            text(button.confirm.deny, SLACK_LIMITS.confirmButton, `${at} deny button`);
          }
        }
        break;
      case 'divider':
        break;
    }
  });
  return problems;
}

export function withinSlackLimits(message: SlackMessage): boolean {
  return slackLimitProblems(message).length === 0;
}
