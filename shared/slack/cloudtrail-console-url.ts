/** The partition a region belongs to (aws, aws-us-gov, aws-cn). */
export function partitionOfRegion(region: string): 'aws' | 'aws-us-gov' | 'aws-cn' {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}

const CONSOLE_DOMAIN = {
  aws: 'console.aws.amazon.com',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
  'aws-cn': 'console.amazonaws.cn',
} as const;

/**
 * The CloudTrail console page of one event, in the region's partition:
 * `https://<region>.console.aws.amazon.com/cloudtrail/home?region=<region>#/events/<eventId>`
 * (GovCloud `console.amazonaws-us-gov.com`, China `console.amazonaws.cn`).
 * The partition comes from an ARN of the event when given (`arn:aws-cn:…`), else from the region.
 */
export function cloudTrailConsoleUrl(region: string, eventId: string, arn?: string): string {
  const fromArn = /^arn:(aws|aws-us-gov|aws-cn):/.exec(arn ?? '')?.[1] as keyof typeof CONSOLE_DOMAIN | undefined;
  const partition = fromArn ?? partitionOfRegion(region);
  const safeRegion = encodeURIComponent(region);
  return `https://${safeRegion}.${CONSOLE_DOMAIN[partition]}/cloudtrail/home?region=${safeRegion}#/events/${encodeURIComponent(eventId)}`;
}
