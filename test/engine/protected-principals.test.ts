import { describe, expect, it } from 'vitest';
import { step } from '../../shared/actions/action-kinds.js';
import { principalOfStep } from '../../shared/engine/protected-principals.js';

describe('principalOfStep', () => {
  it('names the role restore-trust-policy changes, so Warden’s own and break-glass roles stay protected', () => {
    const restore = step(
      'restore-trust-policy',
      { roleName: 'WardenRemediation', previousDocument: '{}', newDocument: '{}' },
      'approve',
      'Put the previous trust policy back',
      '123456789012',
    );
    expect(principalOfStep(restore, '123456789012')).toEqual({
      kind: 'role',
      name: 'WardenRemediation',
      arn: 'arn:aws:iam::123456789012:role/WardenRemediation',
      account: '123456789012',
    });
  });
});
