import {
  type CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  GetTrailStatusCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { describe, expect, it } from 'vitest';
import type { ActionEnv } from '../../shared/actions/action.js';
import { startLogging } from '../../shared/actions/start-logging.js';
import { actionEnv, priorStateOf } from '../helpers/action-env.js';
import { useMotoServer } from '../helpers/moto-server.js';
import { applyAction } from '../../shared/actions/apply-action.js';

const moto = useMotoServer();

/** moto wants the trail's bucket to exist; its S3 accepts an unsigned PUT (no S3 client is installed). */
async function createBucket(endpoint: string, bucket: string): Promise<void> {
  const response = await fetch(`${endpoint}/${bucket}`, { method: 'PUT' });
  if (!response.ok) throw new Error(`bucket ${bucket}: ${response.status}`);
}

/** A stopped trail "main"; returns the env and the trail's ARN. */
async function arrange(): Promise<{ env: ActionEnv; arn: string }> {
  const env = actionEnv(moto.server.clientOptions);
  await createBucket(moto.server.endpoint, 'warden-trail-bucket');
  const trail = await env.cloudtrail.send(
    new CreateTrailCommand({ Name: 'main', S3BucketName: 'warden-trail-bucket' }),
  );
  return { env, arn: trail.TrailARN ?? '' };
}

async function logging(cloudtrail: CloudTrailClient): Promise<boolean | undefined> {
  return (await cloudtrail.send(new GetTrailStatusCommand({ Name: 'main' }))).IsLogging;
}

describe('start-logging', () => {
  it('starts a stopped trail named by ARN, and undo stops it again', async () => {
    const { env, arn } = await arrange();
    expect(arn).toMatch(/^arn:aws:cloudtrail:.*:trail\/main$/);
    expect(await logging(env.cloudtrail)).toBe(false);

    const applied = await applyAction(startLogging, { trailName: arn }, env);
    expect(applied).toMatchObject({ status: 'applied', priorState: { wasLogging: false } });
    expect(await logging(env.cloudtrail)).toBe(true);

    expect((await startLogging.undo({ trailName: arn }, priorStateOf(applied), env)).status).toBe('undone');
    expect(await logging(env.cloudtrail)).toBe(false);
  });

  it('is already-applied on a logging trail, and that undo leaves it logging', async () => {
    const { env } = await arrange();
    await env.cloudtrail.send(new StartLoggingCommand({ Name: 'main' }));

    const applied = await applyAction(startLogging, { trailName: 'main' }, env);
    expect(applied.status).toBe('already-applied');
    expect((await startLogging.undo({ trailName: 'main' }, priorStateOf(applied), env)).status).toBe('already-undone');
    expect(await logging(env.cloudtrail)).toBe(true);
  });

  it('undo is already-undone when someone stopped the trail meanwhile', async () => {
    const { env } = await arrange();
    const applied = await applyAction(startLogging, { trailName: 'main' }, env);
    await env.cloudtrail.send(new StopLoggingCommand({ Name: 'main' }));
    expect((await startLogging.undo({ trailName: 'main' }, priorStateOf(applied), env)).status).toBe('already-undone');
    expect(await logging(env.cloudtrail)).toBe(false);
  });

  it('fails without throwing when the trail is gone, both ways', async () => {
    const { env } = await arrange();
    const applied = await applyAction(startLogging, { trailName: 'main' }, env);
    await env.cloudtrail.send(new DeleteTrailCommand({ Name: 'main' }));

    expect((await startLogging.undo({ trailName: 'main' }, priorStateOf(applied), env)).status).toBe('cannot-undo');
    expect(await applyAction(startLogging, { trailName: 'main' }, env)).toMatchObject({
      status: 'failed',
      retryable: false,
    });
  });
});
