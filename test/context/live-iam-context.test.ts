import {
  AttachGroupPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  IAMClient,
  PutGroupPolicyCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import { liveIamContext, PolicyVersionCache } from '../../shared/context/live-iam-context.js';
import { createDetector } from '../../shared/engine/detect.js';
import { iamCall as iamEvent } from '../helpers/iam-call.js';
import { DEFAULT_ACCOUNT, useMotoServer } from '../helpers/moto-server.js';

const moto = useMotoServer();

const ADMIN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const READ = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };

describe('live IAM context (moto)', () => {
  it('reads a customer-managed policy named by the event, and caches its immutable versions', async () => {
    const iam = new IAMClient(sdkClientConfig(moto.server.clientOptions));
    const created = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'ops', PolicyDocument: JSON.stringify(READ) }),
    );
    const arn = created.Policy!.Arn!;
    await iam.send(
      new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: JSON.stringify(ADMIN), SetAsDefault: true }),
    );
    let calls = 0;
    const cache = new PolicyVersionCache();
    const contexts = liveIamContext({
      iamFor: async () => {
        calls += 1;
        return iam;
      },
      versionCache: cache,
    });

    const context = await contexts.forEvent(iamEvent('CreatePolicyVersion', { policyArn: arn, setAsDefault: true }));
    expect(context.managedPolicyDefaultVersion(arn)).toBe('v2');
    expect(context.managedPolicyDocument(arn)?.Statement[0]).toMatchObject({ Effect: 'Allow', Action: ['*'] });
    expect(context.managedPolicyVersion(arn, 'v1')?.Statement[0]).toMatchObject({ Action: ['s3:GetObject'] });
    expect(cache.get(arn, 'v1')).toBeTruthy();
    expect(context.previousDefaultVersion!(arn, 'v2')).toBe('v1');
    expect(calls).toBe(1);
  });

  it('gives each event a context of its own: what one event read is not in the next one', async () => {
    const iam = new IAMClient(sdkClientConfig(moto.server.clientOptions));
    const created = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'ops', PolicyDocument: JSON.stringify(READ) }),
    );
    const arn = created.Policy!.Arn!;
    const contexts = liveIamContext({ iamFor: async () => iam, versionCache: new PolicyVersionCache() });

    const attached = await contexts.forEvent(iamEvent('AttachUserPolicy', { policyArn: arn, userName: 'bob' }));
    const next = await contexts.forEvent(iamEvent('CreateUser', { userName: 'carol' }));

    expect(next.managedPolicyDefaultVersion(arn)).toBeUndefined();
    expect(next.managedPolicyDocument(arn)).toBeUndefined();
    // The first event's context still answers: its reads went with it, not into shared maps.
    expect(attached.managedPolicyDefaultVersion(arn)).toBe('v1');
    expect(attached.managedPolicyDocument(arn)?.Statement[0]).toMatchObject({ Action: ['s3:GetObject'] });
  });

  it('lets iam.policy-version-escalated compare a new default with the one before it', async () => {
    const iam = new IAMClient(sdkClientConfig(moto.server.clientOptions));
    const created = await iam.send(
      new CreatePolicyCommand({ PolicyName: 'ops', PolicyDocument: JSON.stringify(READ) }),
    );
    const arn = created.Policy!.Arn!;
    const broader = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
    await iam.send(
      new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: JSON.stringify(broader), SetAsDefault: true }),
    );
    const contexts = liveIamContext({ iamFor: async () => iam, versionCache: new PolicyVersionCache() });
    const event = {
      ...iamEvent('CreatePolicyVersion', {
        policyArn: arn,
        setAsDefault: true,
        policyDocument: JSON.stringify(broader),
      }),
      responseElements: { policyVersion: { versionId: 'v2', isDefaultVersion: true } },
    };

    const context = await contexts.forEvent(event);
    const findings = createDetector().detect(event, { context }).findings;

    const escalated = findings.find((f) => f.ruleId === 'iam.policy-version-escalated');
    expect(escalated?.details.notes?.[0]).toBe('compared with the previous default version v1');
    expect(escalated?.details.policyDiff?.join('\n')).toContain('s3:');
    expect(escalated?.remediation[0]).toMatchObject({
      kind: 'revert-default-policy-version',
      params: { policyArn: arn, newVersionId: 'v2', previousVersionId: 'v1' },
    });
  });

  it('reads a group’s attached and inline policies for AddUserToGroup', async () => {
    const iam = new IAMClient(sdkClientConfig(moto.server.clientOptions));
    await iam.send(new CreateGroupCommand({ GroupName: 'ops' }));
    await iam.send(
      new AttachGroupPolicyCommand({ GroupName: 'ops', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
    );
    await iam.send(
      new PutGroupPolicyCommand({ GroupName: 'ops', PolicyName: 'extra', PolicyDocument: JSON.stringify(READ) }),
    );
    const contexts = liveIamContext({ iamFor: async () => iam, versionCache: new PolicyVersionCache() });

    const context = await contexts.forEvent(iamEvent('AddUserToGroup', { groupName: 'ops', userName: 'bob' }));
    const group = context.group('ops', DEFAULT_ACCOUNT);
    expect(group?.managedPolicyArns).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);
    expect(group?.inlinePolicies.map((p) => p.name)).toEqual(['extra']);
    expect(group?.inlinePolicies[0]?.document.Statement[0]).toMatchObject({ Action: ['s3:GetObject'] });
  });

  it('leaves content unknown when the policy does not exist', async () => {
    const iam = new IAMClient(sdkClientConfig(moto.server.clientOptions));
    const contexts = liveIamContext({ iamFor: async () => iam, versionCache: new PolicyVersionCache() });
    const arn = `arn:aws:iam::${DEFAULT_ACCOUNT}:policy/gone`;
    const context = await contexts.forEvent(iamEvent('AttachUserPolicy', { policyArn: arn, userName: 'bob' }));
    expect(context.managedPolicyDocument(arn)).toBeUndefined();
  });
});
