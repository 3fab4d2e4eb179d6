import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { functionPolicyStatements } from '../../infra/stack/function-roles.js';
import {
  DETECT_IAM_READS,
  SWEEP_CLOUDTRAIL_READS,
  SWEEP_IAM_READS,
  SWEEP_ORGANIZATIONS_READS,
} from '../../infra/stack/remediation-permissions.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The committed member template, as a StackSet deploys it. */
const template = parse(readFileSync(path.join(root, 'infra', 'member-account.yml'), 'utf8')) as {
  Resources: Record<string, { Properties: Record<string, unknown> }>;
};

interface Statement {
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource: unknown;
  readonly Principal?: { AWS?: unknown };
}

function actionsOf(statements: readonly Statement[]): string[] {
  return statements
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) => (typeof statement.Action === 'string' ? [statement.Action] : [...statement.Action]))
    .sort();
}

describe('the sweep reads member accounts through WardenReader', () => {
  const reader = template.Resources['WardenReaderRole']!.Properties;

  it('WardenReader grants exactly what detect and the sweep read, nothing more', () => {
    const [policy] = reader['Policies'] as { PolicyDocument: { Statement: Statement[] } }[];
    expect(actionsOf(policy!.PolicyDocument.Statement)).toEqual(
      [...new Set([...DETECT_IAM_READS, ...SWEEP_IAM_READS, ...SWEEP_CLOUDTRAIL_READS])].sort(),
    );
  });

  it('WardenReader trusts the hub’s detect and sweep roles only', () => {
    const trust = reader['AssumeRolePolicyDocument'] as { Statement: Statement[] };
    const principals = trust.Statement.flatMap((statement) => statement.Principal?.AWS as { 'Fn::Sub': string }[]);
    expect(principals.map((principal) => principal['Fn::Sub'].split(':role/')[1])).toEqual([
      'warden-${Stage}-detect',
      'warden-${Stage}-sweep',
    ]);
  });

  it('the sweep role may assume WardenReader and read the organisation, and nothing in IAM beyond its reads', () => {
    const statements = functionPolicyStatements('sweep', { stage: 'prod', slackSecretId: 'warden/prod/slack' });
    const assume = statements.find((statement) => statement.Sid === 'AssumeMemberRole');
    expect(assume?.Resource).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::*:role/WardenReader' });
    const organization = statements.filter((statement) => statement.Sid.startsWith('ReadOrganization'));
    expect(organization).toEqual([
      {
        Sid: 'ReadOrganizationAccountLevel',
        Effect: 'Allow',
        Action: ['organizations:DescribeOrganization', 'organizations:ListAccounts'],
        Resource: '*',
      },
    ]);
    const iam = actionsOf(statements as readonly Statement[]).filter((action) => action.startsWith('iam:'));
    expect(iam).toEqual([...SWEEP_IAM_READS].sort());
  });

  it('the sweep role and WardenReader may list trails (DescribeTrails supports no resource type), and nothing else of CloudTrail', () => {
    const statements = functionPolicyStatements('sweep', { stage: 'prod', slackSecretId: 'warden/prod/slack' });
    expect(statements.filter((statement) => statement.Sid.startsWith('ReadTrails'))).toEqual([
      { Sid: 'ReadTrailsAccountLevel', Effect: 'Allow', Action: ['cloudtrail:DescribeTrails'], Resource: '*' },
    ]);
    const cloudtrail = actionsOf(statements as readonly Statement[]).filter((action) =>
      action.startsWith('cloudtrail:'),
    );
    expect(cloudtrail).toEqual(['cloudtrail:DescribeTrails']);
    const [policy] = reader['Policies'] as { PolicyDocument: { Statement: Statement[] } }[];
    const readerCloudTrail = actionsOf(policy!.PolicyDocument.Statement).filter((action) =>
      action.startsWith('cloudtrail:'),
    );
    expect(readerCloudTrail).toEqual(['cloudtrail:DescribeTrails']);
  });

  it('the trail reads are exactly what shared/sweep/read-trail-buckets.ts calls', () => {
    const source = readFileSync(path.join(root, 'shared', 'sweep', 'read-trail-buckets.ts'), 'utf8');
    const calls = [...source.matchAll(/new (\w+)Command\(/g)].map((match) => `cloudtrail:${match[1]}`);
    expect([...SWEEP_CLOUDTRAIL_READS].sort()).toEqual([...new Set(calls)].sort());
  });

  it('the organisation reads are exactly what shared/sweep/read-organization.ts calls', () => {
    const source = readFileSync(path.join(root, 'shared', 'sweep', 'read-organization.ts'), 'utf8');
    const calls = [...source.matchAll(/new (\w+)Command\(/g)].map((match) => `organizations:${match[1]}`);
    expect([...SWEEP_ORGANIZATIONS_READS].sort()).toEqual([...new Set(calls)].sort());
  });
});
