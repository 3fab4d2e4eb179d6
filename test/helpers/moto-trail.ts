import { CloudTrailClient, CreateTrailCommand } from '@aws-sdk/client-cloudtrail';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { type AwsClientOptions, sdkClientConfig } from '../../shared/aws/aws-client-options.js';
import { DEFAULT_ACCOUNT, type MotoServer } from './moto-server.js';

/** Client options acting in `account` (moto switches accounts on an assumed role's credentials). */
async function optionsIn(server: MotoServer, account: string): Promise<AwsClientOptions> {
  if (account === DEFAULT_ACCOUNT) return server.clientOptions;
  const sts = new STSClient(sdkClientConfig(server.clientOptions));
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/setup`, RoleSessionName: 'setup' }),
  );
  return {
    ...server.clientOptions,
    credentials: {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken!,
    },
  };
}

/**
 * CreateBucket in moto for the account the options act in (Warden has no S3
 * client: moto reads the account from the access key in the Authorization
 * header and does not check the signature).
 */
async function createBucket(server: MotoServer, options: AwsClientOptions, bucket: string): Promise<void> {
  const accessKeyId = options.credentials?.accessKeyId ?? 'testing';
  const response = await fetch(`${server.endpoint}/${bucket}`, {
    method: 'PUT',
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0`,
    },
  });
  if (!response.ok) throw new Error(`CreateBucket ${bucket}: ${response.status} ${await response.text()}`);
}

/** A bucket and a trail delivering to it, created in `account`. */
export async function trailIn(server: MotoServer, account: string, trailName: string, bucket: string): Promise<void> {
  const options = await optionsIn(server, account);
  await createBucket(server, options, bucket);
  await new CloudTrailClient(sdkClientConfig(options)).send(
    new CreateTrailCommand({ Name: trailName, S3BucketName: bucket, IsMultiRegionTrail: true }),
  );
}
