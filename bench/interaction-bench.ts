/**
 * Interaction ack latency (DESIGN §12: ≤ 200 ms p99): signed Approve clicks
 * POSTed through the HTTP API adapter to the real functions/interact handler,
 * with DynamoDB, EventBridge and Secrets Manager on a local moto server and a
 * loopback Slack Web API. Measured from the client: request sent → response
 * read, which covers signature check, store reads, the conditional write, the
 * publish and the Slack calls. Prints "skipped" when moto is not installed.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateEventBusCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { parse } from 'yaml';
import { sdkClientConfig, type AwsClientOptions } from '../shared/aws/aws-client-options.js';
import { createDocumentClient, DynamoDbStore } from '../shared/store/dynamodb-store.js';
import type { NewAction } from '../shared/store/store.js';
import { startApiGatewayAdapter } from '../test/helpers/api-gateway-adapter.js';
import { sampleFinding } from '../test/helpers/sample-finding.js';
import { post, SIGNING_SECRET, signedClick } from '../test/helpers/slack-click.js';
import { createTableInput, type WardenTableProperties } from '../test/helpers/warden-table.js';

const CLICKS = 200;
const WARM_UP = 10;
const BUDGET_P99_MS = 200;
const BOT_TOKEN = 'xoxb-bench';

export interface InteractionBenchResult {
  readonly clicks: number;
  readonly coldMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

function pythonWithMoto(root: string): string | undefined {
  for (const python of ['python3', path.join(root, '.venv', 'bin', 'python')]) {
    try {
      execFileSync(python, ['-c', 'import moto.server, flask'], { stdio: 'ignore' });
      return python;
    } catch {
      // try the next
    }
  }
  return undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startMoto(python: string) {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
  });
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`${endpoint}/moto-api/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill();
      throw new Error('moto did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { endpoint, stop: () => child.kill() };
}

/** A loopback Slack Web API answering every method the endpoint calls. */
async function startSlack(): Promise<{ url: string; server: Server }> {
  let ts = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const method = request.url?.split('?')[0]?.replace('/api/', '') ?? '';
      ts += 1;
      const body: Record<string, unknown> =
        method === 'users.info'
          ? { ok: true, user: { id: 'U0BENCH', name: 'bench', profile: { email: 'bench@example.com' } } }
          : method === 'usergroups.users.list'
            ? { ok: true, users: ['U0BENCH'] }
            : { ok: true, channel: 'C0BENCH', ts: `1800000000.${String(ts).padStart(6, '0')}` };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, server };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measure(root: string, python: string): Promise<InteractionBenchResult> {
  const moto = await startMoto(python);
  const slack = await startSlack();
  const saved = { ...process.env };
  try {
    const options: AwsClientOptions = {
      region: 'us-east-1',
      endpoint: moto.endpoint,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    };
    const config = sdkClientConfig(options);
    const dynamodb = new DynamoDBClient(config);
    // The table as infra/table.yml defines it (read from the package root: this runs bundled in dist/).
    const template = parse(readFileSync(path.join(root, 'infra', 'table.yml'), 'utf8')) as {
      Resources: { WardenTable: { Properties: WardenTableProperties } };
    };
    await dynamodb.send(
      new CreateTableCommand(createTableInput('warden-bench', template.Resources.WardenTable.Properties)),
    );
    await new EventBridgeClient(config).send(new CreateEventBusCommand({ Name: 'warden-bench' }));
    await new SecretsManagerClient(config).send(
      new CreateSecretCommand({
        Name: 'warden/bench/slack',
        SecretString: JSON.stringify({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET }),
      }),
    );
    const dir = mkdtempSync(path.join(tmpdir(), 'warden-bench-'));
    writeFileSync(
      path.join(dir, 'warden.config.json'),
      JSON.stringify({
        dryRun: false,
        approvers: {
          default: { users: ['U0BENCH'], userGroups: ['S0BENCH'] },
          // The sample finding's actor is someone else: one approval applies (no second approver).
          identities: [{ slackUserId: 'U0MALLORY', awsPrincipalArns: ['arn:aws:iam::123456789012:user/mallory'] }],
        },
      }),
    );
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      WARDEN_TABLE_NAME: 'warden-bench',
      WARDEN_EVENT_BUS_NAME: 'warden-bench',
      WARDEN_AWS_ENDPOINT: moto.endpoint,
      WARDEN_CONFIG_PATH: path.join(dir, 'warden.config.json'),
      WARDEN_SLACK_SECRET_ID: 'warden/bench/slack',
      WARDEN_SLACK_API_URL: slack.url,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });

    // moto deep-copies the whole table on every TransactWriteItems (DynamoDB does not), so a growing
    // table would measure moto: each click gets a fresh table holding its one finding and action.
    const tableProperties = template.Resources.WardenTable.Properties;
    const store = new DynamoDbStore({
      client: createDocumentClient(dynamodb),
      tableName: 'warden-bench',
      clock: () => new Date(),
    });
    async function pendingApproval(i: number): Promise<string> {
      if (i > 0) {
        await dynamodb.send(new DeleteTableCommand({ TableName: 'warden-bench' }));
        await dynamodb.send(new CreateTableCommand(createTableInput('warden-bench', tableProperties)));
      }
      const finding = sampleFinding({ id: `bench${String(i).padStart(12, '0')}` });
      await store.putFinding({ ...finding, status: 'open' });
      await store.setFindingSlackRef(finding.id, 'C0BENCH', `1700000000.${String(i).padStart(6, '0')}`);
      const id = `${finding.id}-1`;
      await store.createAction({
        id,
        findingId: finding.id,
        kind: 'detach-policy',
        params: finding.remediation[0]!.params,
        account: '123456789012',
        status: 'pending-approval',
        mode: 'approve',
        approvalExpiresAt: new Date(Date.now() + 3600_000),
      } as NewAction);
      return id;
    }

    const { handler } = await import('../functions/interact/handler.js');
    const adapter = await startApiGatewayAdapter('POST /slack/interactions', (event: APIGatewayProxyEventV2) =>
      handler(event, {} as Context),
    );
    try {
      const timings: number[] = [];
      let actionId = '';
      for (let i = 0; i < WARM_UP + CLICKS; i += 1) {
        actionId = await pendingApproval(i);
        const request = signedClick({ actionId: 'approve:1', value: actionId, userId: 'U0BENCH' }, new Date());
        const started = performance.now();
        const response = await post(adapter.url, request);
        const elapsed = performance.now() - started;
        if (response.status !== 200) throw new Error(`click ${i} answered ${response.status}`);
        timings.push(elapsed);
        const status = (await store.getAction(actionId))?.status;
        if (status !== 'approved') throw new Error(`click ${i} left the action ${status}, not approved`);
      }
      const cold = timings[0]!;
      const warm = timings.slice(WARM_UP).sort((a, b) => a - b);
      return {
        clicks: warm.length,
        coldMs: cold,
        p50Ms: percentile(warm, 50),
        p99Ms: percentile(warm, 99),
        maxMs: warm.at(-1)!,
      };
    } finally {
      await adapter.close();
    }
  } finally {
    process.env = saved;
    slack.server.close();
    moto.stop();
  }
}

/** Runs the interaction bench and prints its lines through `out`; never throws. */
export async function runInteractionBench(
  out: (line?: string) => void,
  root: string,
): Promise<InteractionBenchResult | undefined> {
  const python = pythonWithMoto(root);
  if (!python) {
    out(`  -   interaction handler ≤ ${BUDGET_P99_MS} ms p99                    skipped (moto not installed)`);
    return undefined;
  }
  let result: InteractionBenchResult;
  try {
    result = await measure(root, python);
  } catch (error) {
    out(`  -   interaction handler ≤ ${BUDGET_P99_MS} ms p99                    skipped (${(error as Error).message})`);
    return undefined;
  }
  const fmt = (ms: number) => ms.toFixed(1);
  const mark = result.p99Ms <= BUDGET_P99_MS ? 'PASS ' : 'FAIL ';
  out(
    `${mark} interaction handler ≤ ${BUDGET_P99_MS} ms p99                    p50 ${fmt(result.p50Ms)} ms, p99 ${fmt(result.p99Ms)} ms, max ${fmt(result.maxMs)} ms over ${result.clicks} signed Approve clicks (first, cold: ${fmt(result.coldMs)} ms; moto + loopback Slack, fresh table per click)`,
  );
  return result;
}
