import { GenerateCredentialReportCommand, GetCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { WardenError } from '../../shared/errors/warden-error.js';
import { fetchCredentialReport } from '../../shared/sweep/fetch-credential-report.js';

// The polling path needs STARTED/INPROGRESS answers, which moto never gives (its second call is COMPLETE): mocked here.
const iam = mockClient(IAMClient);
const CSV = readFileSync(new URL('../../examples/credential-report.csv', import.meta.url));

beforeEach(() => iam.reset());

describe('fetchCredentialReport', () => {
  it('polls with doubling waits until COMPLETE, then parses the decoded content', async () => {
    iam
      .on(GenerateCredentialReportCommand)
      .resolvesOnce({ State: 'STARTED' })
      .resolvesOnce({ State: 'INPROGRESS' })
      .resolvesOnce({ State: 'INPROGRESS' })
      .resolves({ State: 'COMPLETE' });
    iam
      .on(GetCredentialReportCommand)
      .resolves({ Content: new Uint8Array(CSV), GeneratedTime: new Date('2025-06-01T06:59:00Z') });
    const waits: number[] = [];
    const report = await fetchCredentialReport(new IAMClient({}), {
      sleep: async (ms) => void waits.push(ms),
      initialDelayMs: 1000,
      maxDelayMs: 3000,
    });
    expect(waits).toEqual([1000, 2000, 3000]);
    expect(report.rows).toHaveLength(6);
    expect(report.generatedAt).toEqual(new Date('2025-06-01T06:59:00Z'));
  });

  it('gives up after maxPolls with a retryable error', async () => {
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
    const error = await fetchCredentialReport(new IAMClient({}), { sleep: async () => {}, maxPolls: 3 }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(WardenError);
    expect(error).toMatchObject({ code: 'credential-report-timeout', retryable: true });
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(3);
    expect(iam.commandCalls(GetCredentialReportCommand)).toHaveLength(0);
  });
});
