import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  DETECT_IAM_READS,
  readerStatements,
  remediationStatements,
  SNAPSHOT_IAM_READS,
  SWEEP_CLOUDTRAIL_READS,
  SWEEP_IAM_READS,
} from '../../infra/stack/remediation-permissions.js';
import { functionPolicyStatements } from '../../infra/stack/function-roles.js';
import { FUNCTION_NAMES } from '../../shared/settings/stage-resources.js';
import { installedActionCatalog } from '../../shared/policy/action-catalog.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `iam:<Name>` for every `new <Name>Command` of a source file that imports the IAM client. */
function iamCallsOf(...files: string[]): string[] {
  const calls = new Set<string>();
  for (const file of files) {
    const source = readFileSync(path.join(root, file), 'utf8');
    expect(source, file).toContain('@aws-sdk/client-iam');
    for (const match of source.matchAll(/new (\w+)Command\(/g)) calls.add(`iam:${match[1]}`);
  }
  return [...calls].sort();
}

describe('read permissions follow the code that calls IAM', () => {
  it('detect reads exactly what the live IAM context calls', () => {
    expect([...DETECT_IAM_READS].sort()).toEqual(iamCallsOf('shared/context/live-iam-context.ts'));
  });

  it('sweep reads exactly what the credential report and IAM facts readers call', () => {
    expect([...SWEEP_IAM_READS].sort()).toEqual(
      iamCallsOf(
        'shared/sweep/fetch-credential-report.ts',
        'shared/sweep/read-iam-facts.ts',
        'shared/sweep/capture-snapshot.ts',
      ),
    );
  });

  it('WardenReader in member accounts reads what detect and the sweep read, document snapshot included', () => {
    const granted = readerStatements().flatMap((statement) => [...statement.Action]);
    expect(granted.sort()).toEqual(
      [...new Set([...DETECT_IAM_READS, ...SWEEP_IAM_READS, ...SWEEP_CLOUDTRAIL_READS])].sort(),
    );
    expect(SWEEP_IAM_READS).toEqual(expect.arrayContaining([...SNAPSHOT_IAM_READS]));
  });

  it('none of them is a write', () => {
    for (const action of [...DETECT_IAM_READS, ...SWEEP_IAM_READS, ...SWEEP_CLOUDTRAIL_READS])
      expect(installedActionCatalog.isWriteAction(action), action).toBe(false);
  });
});

describe('the remediation policy never changes Warden itself, by exact name only', () => {
  const denied = (stage?: string) => {
    const deny = remediationStatements(stage).find((statement) => statement.Sid === 'WardenNeverChangesItself');
    expect(deny?.Effect).toBe('Deny');
    return (deny?.Resource as Array<{ 'Fn::Sub': string }>).map((resource) => resource['Fn::Sub']);
  };

  it('denies the stage’s four function roles and the member roles in the hub, no prefix', () => {
    expect(denied('prod')).toEqual([
      'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/warden-prod-detect',
      'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/warden-prod-execute',
      'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/warden-prod-interact',
      'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/warden-prod-sweep',
      'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/WardenRemediation',
      'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/WardenReader',
    ]);
  });

  it('in member accounts denies only the member roles: a warden-backdoor role there stays remediable', () => {
    const resources = denied();
    expect(resources).toEqual([
      'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/WardenRemediation',
      'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/WardenReader',
    ]);
    expect(resources.some((arn) => arn.includes('*'))).toBe(false);
  });
});

describe('the document snapshot in the table', () => {
  const options = { stage: 'prod', slackSecretId: 'warden/slack' };

  it('lets only the sweep delete items, and only snapshot items (partition SNAP#…)', () => {
    for (const name of FUNCTION_NAMES) {
      const deletes = functionPolicyStatements(name, options).filter((s) => s.Action.includes('dynamodb:DeleteItem'));
      if (name !== 'sweep') {
        expect(deletes, name).toEqual([]);
        continue;
      }
      expect(deletes).toEqual([
        {
          Sid: 'SnapshotRefresh',
          Effect: 'Allow',
          Action: ['dynamodb:DeleteItem'],
          Resource: { 'Fn::GetAtt': ['WardenTable', 'Arn'] },
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SNAP#*'] } },
        },
      ]);
    }
  });

  it('lets detect read and write snapshot entries with the store actions (Get, Put, Update, Query)', () => {
    const store = functionPolicyStatements('detect', options).find((s) => s.Sid === 'Store');
    expect(store?.Action).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query']),
    );
  });
});
