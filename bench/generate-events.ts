/**
 * A seeded, realistic mix of CloudTrail records for the replay benchmark: mostly
 * read-only calls (Describe*, Get*, List*), STS AssumeRole and console sign-ins,
 * some non-IAM writes, a few IAM writes carrying policy documents, a little
 * root activity and about 5 % failed calls — roughly what an account's trail holds.
 */

/** mulberry32: small, fast, good enough for test data; the same seed gives the same events. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = { [key: string]: unknown };

const ACCOUNTS = ['111122223333', '444455556666', '777788889999'];
const REGIONS = ['us-east-1', 'us-east-1', 'us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-2'];
const USERS = ['alice', 'bob', 'carol', 'dave', 'ci-deployer', 'backup-operator'];
const ROLES = ['ReadOnlyAuditor', 'PlatformAdmin', 'ci-deploy', 'lambda-exec-orders', 'ecs-task-api', 'DataScientist'];
const USER_AGENTS = [
  'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0 exe/x86_64.ubuntu.22 prompt/off command/ec2.describe-instances',
  'Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.12.2',
  'aws-sdk-js/3.540.0 ua/2.0 os/linux#5.10.213 lang/js md/nodejs#20.11.1 api/iam#3.540.0',
  'APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.43.0',
  'AWS Internal',
  'signin.amazonaws.com',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
];

const READ_CALLS: readonly [string, string, () => Json | null][] = [
  ['ec2.amazonaws.com', 'DescribeInstances', () => ({ instancesSet: {}, filterSet: {} })],
  ['ec2.amazonaws.com', 'DescribeSecurityGroups', () => ({ securityGroupSet: {}, filterSet: {} })],
  ['ec2.amazonaws.com', 'DescribeVolumes', () => ({ volumeSet: {}, filterSet: {}, maxResults: 500 })],
  [
    's3.amazonaws.com',
    'GetBucketAcl',
    () => ({ bucketName: 'orders-archive', acl: '', Host: 'orders-archive.s3.amazonaws.com' }),
  ],
  ['s3.amazonaws.com', 'ListBuckets', () => null],
  ['iam.amazonaws.com', 'GetRole', () => ({ roleName: 'ecs-task-api' })],
  ['iam.amazonaws.com', 'ListAttachedRolePolicies', () => ({ roleName: 'lambda-exec-orders' })],
  [
    'iam.amazonaws.com',
    'GetPolicyVersion',
    () => ({ policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', versionId: 'v112' }),
  ],
  ['lambda.amazonaws.com', 'ListFunctions20150331', () => ({ maxItems: 50 })],
  ['kms.amazonaws.com', 'DescribeKey', () => ({ keyId: 'alias/orders' })],
  ['cloudtrail.amazonaws.com', 'DescribeTrails', () => ({ includeShadowTrails: true })],
  ['logs.amazonaws.com', 'DescribeLogGroups', () => ({ limit: 50 })],
  ['dynamodb.amazonaws.com', 'DescribeTable', () => ({ tableName: 'orders' })],
  ['sts.amazonaws.com', 'GetCallerIdentity', () => null],
  ['secretsmanager.amazonaws.com', 'GetSecretValue', () => ({ secretId: 'prod/orders/db' })],
];

const OTHER_WRITES: readonly [string, string, () => Json][] = [
  ['kms.amazonaws.com', 'Decrypt', () => ({ encryptionAlgorithm: 'SYMMETRIC_DEFAULT' })],
  ['s3.amazonaws.com', 'PutBucketTagging', () => ({ bucketName: 'orders-archive', Tagging: { TagSet: { Tag: [] } } })],
  ['ec2.amazonaws.com', 'RunInstances', () => ({ instanceType: 't3.micro', minCount: 1, maxCount: 1 })],
  [
    'lambda.amazonaws.com',
    'UpdateFunctionConfiguration20150331v2',
    () => ({ functionName: 'orders-api', timeout: 30 }),
  ],
  ['logs.amazonaws.com', 'CreateLogStream', () => ({ logGroupName: '/aws/lambda/orders-api', logStreamName: 'x' })],
];

export interface GeneratedCorpus {
  /** `{"Records":[…]}` files, as bytes, the way S3 log objects arrive (uncompressed). */
  readonly files: readonly { readonly name: string; readonly bytes: Uint8Array }[];
  readonly eventCount: number;
}

export function generateCorpus(seed: number, eventCount: number, recordsPerFile = 1000): GeneratedCorpus {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const hex = (length: number) => Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');
  const keyId = (prefix: string) =>
    prefix + Array.from({ length: 16 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[Math.floor(random() * 32)]).join('');
  const start = Date.parse('2026-11-01T00:00:00Z');
  const encoder = new TextEncoder();

  const files: { name: string; bytes: Uint8Array }[] = [];
  let batch: Json[] = [];
  for (let i = 0; i < eventCount; i += 1) {
    batch.push(makeRecord(i));
    if (batch.length === recordsPerFile || i === eventCount - 1) {
      files.push({
        name: `generated/${String(files.length).padStart(4, '0')}.json`,
        bytes: encoder.encode(JSON.stringify({ Records: batch })),
      });
      batch = [];
    }
  }
  return { files, eventCount };

  function makeRecord(index: number): Json {
    const account = pick(ACCOUNTS);
    const time = new Date(start + index * 1700 + Math.floor(random() * 1000)).toISOString().replace(/\.\d+Z$/, 'Z');
    const roll = random();
    let identity: Json;
    let source: string;
    let name: string;
    let request: Json | null = null;
    let response: Json | null = null;
    let readOnly = false;
    let eventType = 'AwsApiCall';
    let additional: Json | undefined;

    if (roll < 0.02) {
      identity = root(account);
      [source, name, request] = pick([
        ['signin.amazonaws.com', 'ConsoleLogin', null],
        ['iam.amazonaws.com', 'ListAccessKeys', null],
        ['s3.amazonaws.com', 'ListBuckets', null],
      ] as const) as [string, string, Json | null];
      if (name === 'ConsoleLogin') {
        eventType = 'AwsConsoleSignIn';
        response = { ConsoleLogin: random() < 0.9 ? 'Success' : 'Failure' };
        additional = {
          MFAUsed: random() < 0.7 ? 'Yes' : 'No',
          MobileVersion: 'No',
          LoginTo: 'https://console.aws.amazon.com/console/home',
        };
      }
    } else if (roll < 0.64) {
      identity = random() < 0.8 ? assumedRole(account) : iamUser(account);
      const [s, n, params] = pick(READ_CALLS);
      [source, name, request] = [s, n, params()];
      readOnly = true;
    } else if (roll < 0.76) {
      identity = random() < 0.5 ? awsService() : iamUser(account);
      source = 'sts.amazonaws.com';
      name = 'AssumeRole';
      const role = pick(ROLES);
      request = {
        roleArn: `arn:aws:iam::${account}:role/${role}`,
        roleSessionName: `session-${hex(8)}`,
        durationSeconds: 3600,
      };
      response = {
        credentials: { accessKeyId: keyId('ASIA'), sessionToken: hex(64), expiration: 'Nov 1, 2026, 1:00:00 PM' },
        assumedRoleUser: {
          assumedRoleId: `AROA${hex(16).toUpperCase()}:session`,
          arn: `arn:aws:sts::${account}:assumed-role/${role}/session`,
        },
      };
      readOnly = true;
    } else if (roll < 0.81) {
      identity = random() < 0.6 ? iamUser(account) : assumedRole(account);
      source = 'signin.amazonaws.com';
      name = 'ConsoleLogin';
      eventType = 'AwsConsoleSignIn';
      response = { ConsoleLogin: random() < 0.93 ? 'Success' : 'Failure' };
      additional = {
        MFAUsed: random() < 0.8 ? 'Yes' : 'No',
        MobileVersion: 'No',
        LoginTo: 'https://console.aws.amazon.com/console/home',
      };
    } else if (roll < 0.93) {
      identity = assumedRole(account);
      const [s, n, params] = pick(OTHER_WRITES);
      [source, name, request] = [s, n, params()];
    } else {
      identity = random() < 0.5 ? assumedRole(account) : iamUser(account);
      source = 'iam.amazonaws.com';
      [name, request, response] = iamWrite(account);
    }

    const failed = random() < 0.05;
    const record: Json = {
      eventVersion: '1.09',
      userIdentity: identity,
      eventTime: time,
      eventSource: source,
      eventName: name,
      awsRegion: source === 'iam.amazonaws.com' || source === 'signin.amazonaws.com' ? 'us-east-1' : pick(REGIONS),
      sourceIPAddress:
        identity['type'] === 'AWSService' ? 'ecs-tasks.amazonaws.com' : `203.0.113.${Math.floor(random() * 254) + 1}`,
      userAgent: identity['type'] === 'AWSService' ? 'ecs-tasks.amazonaws.com' : pick(USER_AGENTS),
      requestParameters: failed ? null : request,
      responseElements: failed ? null : response,
      requestID: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
      eventID: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
      readOnly,
      eventType,
      managementEvent: true,
      recipientAccountId: account,
      eventCategory: 'Management',
      tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: source },
    };
    if (additional) record['additionalEventData'] = additional;
    if (failed) {
      record['errorCode'] = 'AccessDenied';
      record['errorMessage'] = `User is not authorized to perform: ${source.split('.')[0]}:${name}`;
    }
    return record;
  }

  function iamWrite(account: string): [string, Json, Json | null] {
    const roll = random();
    const document = policyDocument();
    if (roll < 0.2) {
      const policyName = `app-${hex(6)}`;
      return [
        'CreatePolicy',
        { policyName, policyDocument: JSON.stringify(document), description: 'application policy' },
        { policy: { policyName, arn: `arn:aws:iam::${account}:policy/${policyName}`, defaultVersionId: 'v1' } },
      ];
    }
    if (roll < 0.4)
      return [
        'PutRolePolicy',
        { roleName: pick(ROLES), policyName: `inline-${hex(4)}`, policyDocument: JSON.stringify(document) },
        null,
      ];
    if (roll < 0.55) {
      const policy =
        random() < 0.1 ? 'arn:aws:iam::aws:policy/AdministratorAccess' : 'arn:aws:iam::aws:policy/ReadOnlyAccess';
      return ['AttachRolePolicy', { roleName: pick(ROLES), policyArn: policy }, null];
    }
    if (roll < 0.65) {
      const trust = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      };
      const roleName = `svc-${hex(6)}`;
      return [
        'CreateRole',
        { roleName, assumeRolePolicyDocument: JSON.stringify(trust) },
        {
          role: {
            roleName,
            arn: `arn:aws:iam::${account}:role/${roleName}`,
            assumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)),
          },
        },
      ];
    }
    if (roll < 0.75) {
      const userName = pick(USERS);
      return [
        'CreateAccessKey',
        { userName },
        { accessKey: { userName, accessKeyId: keyId('AKIA'), status: 'Active' } },
      ];
    }
    if (roll < 0.85) return ['CreateUser', { userName: `contractor-${hex(4)}` }, null];
    if (roll < 0.95) return ['TagRole', { roleName: pick(ROLES), tags: [{ key: 'team', value: 'platform' }] }, null];
    return ['AddUserToGroup', { userName: pick(USERS), groupName: 'developers' }, null];
  }

  function policyDocument(): Json {
    const statements: Json[] = [
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::bucket-${hex(6)}/*` },
      {
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: `arn:aws:dynamodb:us-east-1:111122223333:table/t-${hex(4)}`,
      },
    ];
    if (random() < 0.2) statements.push({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' });
    if (random() < 0.05)
      statements.push({
        Effect: 'Allow',
        Action: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'],
        Resource: '*',
      });
    return { Version: '2012-10-17', Statement: statements };
  }

  function root(account: string): Json {
    return {
      type: 'Root',
      principalId: account,
      arn: `arn:aws:iam::${account}:root`,
      accountId: account,
      accessKeyId: keyId('ASIA'),
    };
  }

  function iamUser(account: string): Json {
    const user = pick(USERS);
    return {
      type: 'IAMUser',
      principalId: `AIDA${hex(16).toUpperCase()}`,
      arn: `arn:aws:iam::${account}:user/${user}`,
      accountId: account,
      accessKeyId: keyId('AKIA'),
      userName: user,
    };
  }

  function assumedRole(account: string): Json {
    const role = pick(ROLES);
    const session = random() < 0.5 ? `botocore-session-${Math.floor(random() * 1e9)}` : pick(USERS);
    return {
      type: 'AssumedRole',
      principalId: `AROA${hex(16).toUpperCase()}:${session}`,
      arn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
      accountId: account,
      accessKeyId: keyId('ASIA'),
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: `AROA${hex(16).toUpperCase()}`,
          arn: `arn:aws:iam::${account}:role/${role}`,
          accountId: account,
          userName: role,
        },
        attributes: { creationDate: '2026-11-01T00:00:00Z', mfaAuthenticated: random() < 0.3 ? 'true' : 'false' },
      },
    };
  }

  function awsService(): Json {
    return { type: 'AWSService', invokedBy: 'ecs-tasks.amazonaws.com' };
  }
}
