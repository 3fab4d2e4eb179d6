import type { SlackMessage, SlackTextObject } from './slack-message.js';

/** Slack's own markup made readable as plain text (mentions, dates, links, entities). */
export function plainFromMrkdwn(text: string): string {
  return text
    .replace(/<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>/g, '@on-call ($1)')
    .replace(/<!date\^\d+\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/<(https?:[^|>]+)\|([^>]*)>/g, '$2: $1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function textOf(object: SlackTextObject): string {
  return object.type === 'mrkdwn' ? plainFromMrkdwn(object.text) : object.text;
}

/**
 * The message as plain text, block by block (buttons left out): what the SNS
 * fallback sends when Slack cannot be reached.
 */
export function messageText(message: SlackMessage): string {
  const parts: string[] = [];
  for (const block of message.blocks) {
    switch (block.type) {
      case 'header':
        parts.push(block.text.text, '');
        break;
      case 'section':
        if (block.text) parts.push(textOf(block.text));
        for (const field of block.fields ?? []) parts.push(textOf(field).replace('\n', ': ').replace(/\n/g, ', '));
        parts.push('');
        break;
      case 'context':
        parts.push(block.elements.map(textOf).join(' '), '');
        break;
      case 'actions':
      case 'divider':
        break;
    }
  }
  return parts.join('\n').trim();
}
