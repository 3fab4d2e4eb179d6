import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { requiredBotScopes, SLACK_METHODS } from '../../shared/slack/slack-scopes.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

interface Manifest {
  display_information?: { name?: string };
  features?: { bot_user?: { display_name?: string } };
  oauth_config?: { scopes?: { bot?: string[]; user?: string[] } };
  settings?: {
    event_subscriptions?: unknown;
    interactivity?: { is_enabled?: boolean; request_url?: string };
    org_deploy_enabled?: boolean;
    socket_mode_enabled?: boolean;
    token_rotation_enabled?: boolean;
  };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return entry.endsWith('.ts') && !entry.endsWith('.d.ts') ? [full] : [];
  });
}

/**
 * Slack Web API methods the shipped code calls: `client.chat.postMessage(`,
 * `(await client()).users.info(`, `slack.conversations.list(`, `apiCall('x.y'`.
 */
function slackMethodsCalled(): Map<string, string[]> {
  const called = new Map<string, string[]>();
  const call =
    /(?:\)|\b(?:client|slack|web|webClient|slackClient))\s*\.\s*((?:auth|chat|conversations|usergroups|users)(?:\.[A-Za-z]+)+)\s*\(/g;
  const apiCall = /\.apiCall\(\s*['"]([a-z]+(?:\.[A-Za-z]+)+)['"]/g;
  for (const file of ['shared', 'functions', 'cli'].flatMap((dir) => sourceFiles(path.join(ROOT, dir)))) {
    const text = readFileSync(file, 'utf8');
    for (const match of [...text.matchAll(call), ...text.matchAll(apiCall)]) {
      called.set(match[1]!, [...(called.get(match[1]!) ?? []), path.relative(ROOT, file)]);
    }
  }
  return called;
}

describe('slack-app-manifest.yml', () => {
  const manifest = parse(readFileSync(path.join(ROOT, 'slack-app-manifest.yml'), 'utf8')) as Manifest;

  it('requests exactly the bot scopes of the Slack methods Warden calls', () => {
    expect([...(manifest.oauth_config?.scopes?.bot ?? [])].sort()).toEqual(requiredBotScopes());
    expect(manifest.oauth_config?.scopes?.user).toBeUndefined();
    expect(manifest.oauth_config?.scopes?.bot).not.toContain('chat:write.public');
  });

  it('lists every Slack method the code calls, and only those', () => {
    const called = slackMethodsCalled();
    expect([...called.keys()].sort()).toEqual([...SLACK_METHODS].sort());
  });

  it('has a bot user, interactivity on the HTTP API route, and nothing else switched on', () => {
    expect(manifest.display_information?.name).toBe('Warden');
    expect(manifest.features?.bot_user?.display_name).toBe('Warden');
    expect(manifest.settings?.interactivity).toEqual({
      is_enabled: true,
      request_url: 'https://<api-id>.execute-api.<region>.amazonaws.com/slack/interactions',
    });
    expect(manifest.settings?.event_subscriptions).toBeUndefined();
    expect(manifest.settings?.org_deploy_enabled).toBe(false);
    expect(manifest.settings?.socket_mode_enabled).toBe(false);
    expect(manifest.settings?.token_rotation_enabled).toBe(false);
  });
});
