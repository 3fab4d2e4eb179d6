import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/** The committed member template, as a StackSet deploys it. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const template = parse(readFileSync(path.join(root, 'infra', 'member-account.yml'), 'utf8')) as {
  Parameters: Record<string, Record<string, unknown>>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
};

interface TrustStatement {
  readonly Effect: string;
  readonly Action: string;
  readonly Condition?: { StringEquals?: Record<string, unknown> };
}

/** 'forwarding' for the EventBridge role (its trust names a service), else the role's name. */
function trustedBy(resource: { Properties: Record<string, unknown> }): string {
  const trust = resource.Properties['AssumeRolePolicyDocument'] as {
    Statement: { Principal?: { Service?: unknown } }[];
  };
  return trust.Statement.some((statement) => statement.Principal?.Service !== undefined)
    ? 'forwarding'
    : String(resource.Properties['RoleName']);
}

describe('infra/member-account.yml ExternalId (confused-deputy defence)', () => {
  it('makes ExternalId a required parameter: no default, at least STS’s 2 characters', () => {
    const parameter = template.Parameters['ExternalId'];
    expect(parameter).toBeDefined();
    expect(parameter).not.toHaveProperty('Default');
    expect(parameter!['Type']).toBe('String');
    expect(parameter!['MinLength']).toBe(2);
    expect(parameter!['MaxLength']).toBe(1224);
    expect(template.Conditions).not.toHaveProperty('HasExternalId');
  });

  it('requires sts:ExternalId in every statement of both hub-assumed roles’ trust policies', () => {
    // The forwarding role is EventBridge's (a service principal, pinned by aws:SourceAccount); the hub assumes the others.
    const roles = Object.entries(template.Resources).filter(
      ([, resource]) => resource.Type === 'AWS::IAM::Role' && trustedBy(resource) !== 'forwarding',
    );
    expect(roles.map(([logicalId]) => logicalId).sort()).toEqual(['WardenReaderRole', 'WardenRemediationRole']);
    for (const [logicalId, role] of roles) {
      const trust = role.Properties['AssumeRolePolicyDocument'] as { Statement: TrustStatement[] };
      const allows = trust.Statement.filter((statement) => statement.Effect === 'Allow');
      expect(allows.length, logicalId).toBeGreaterThan(0);
      for (const statement of allows) {
        expect(statement.Condition?.StringEquals?.['sts:ExternalId'], logicalId).toEqual({ Ref: 'ExternalId' });
      }
    }
  });
});
