import type { Context, EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/execute/handler.js';

/**
 * The execute handler checks its event at the edge: these never reach the
 * executor, so no environment or AWS client is needed (building the
 * dependencies would fail without WARDEN_TABLE_NAME and friends).
 */
const CONTEXT = {
  functionName: 'warden-test-execute',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:warden-test-execute',
  memoryLimitInMB: '256',
  awsRequestId: 'req-1',
} as Context;

const request = (overrides: Record<string, unknown> = {}, detail: Record<string, unknown> = {}) =>
  ({
    version: '0',
    id: 'e-1',
    source: 'warden',
    'detail-type': 'Warden Action Requested',
    account: '111122223333',
    time: '2026-12-01T10:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: { actionId: 'f-1-1', findingId: 'f-1', operation: 'apply', requestedBy: 'auto', ...detail },
    ...overrides,
  }) as unknown as EventBridgeEvent<string, unknown>;

describe('execute handler: the event is checked before the executor sees it', () => {
  it('skips other Warden events (Action Completed) as not an action request', async () => {
    await expect(handler(request({ 'detail-type': 'Warden Action Completed' }), CONTEXT)).resolves.toEqual({
      status: 'skipped',
      reason: 'not an action request',
    });
  });

  it('skips an "Action Requested" from any source but Warden’s own', async () => {
    await expect(handler(request({ source: 'custom.attacker' }), CONTEXT)).resolves.toEqual({
      status: 'skipped',
      reason: 'not an action request',
    });
  });

  it.each([
    ['an unknown operation', { operation: 'delete' }],
    ['an empty action id', { actionId: '' }],
    ['a numeric action id', { actionId: 42 }],
    ['no requester', { requestedBy: undefined }],
  ])('logs and skips a request with %s', async (_what, detail) => {
    await expect(handler(request({}, detail), CONTEXT)).resolves.toEqual({
      status: 'skipped',
      reason: 'malformed action request',
    });
  });

  it('skips an event that is not an object at all', async () => {
    await expect(handler(null as unknown as EventBridgeEvent<string, unknown>, CONTEXT)).resolves.toEqual({
      status: 'skipped',
      reason: 'not an action request',
    });
  });
});
