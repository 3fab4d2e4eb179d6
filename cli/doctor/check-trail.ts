import {
  type AdvancedEventSelector,
  type CloudTrailClient,
  DescribeTrailsCommand,
  type EventSelector,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import { type CheckResult, errorText, fail, pass } from './check-result.js';

const CHECK = 'trail';

/** Management write events are recorded by classic selectors (All/WriteOnly) or advanced ones (Management, not read-only). */
export function logsManagementWrites(selectors: {
  readonly EventSelectors?: readonly EventSelector[];
  readonly AdvancedEventSelectors?: readonly AdvancedEventSelector[];
}): boolean {
  const classic = selectors.EventSelectors ?? [];
  const advanced = selectors.AdvancedEventSelectors ?? [];
  // A trail without custom selectors logs all management events.
  if (classic.length === 0 && advanced.length === 0) return true;
  if (
    classic.some(
      (selector) =>
        selector.IncludeManagementEvents !== false &&
        (selector.ReadWriteType === undefined ||
          selector.ReadWriteType === 'All' ||
          selector.ReadWriteType === 'WriteOnly'),
    )
  ) {
    return true;
  }
  return advanced.some((selector) => {
    const fields = selector.FieldSelectors ?? [];
    const category = fields.find((field) => field.Field === 'eventCategory');
    const readOnly = fields.find((field) => field.Field === 'readOnly');
    return category?.Equals?.includes('Management') === true && readOnly?.Equals?.includes('true') !== true;
  });
}

interface TrailState {
  readonly trail: Trail;
  readonly problems: readonly string[];
}

async function inspect(client: CloudTrailClient, trail: Trail): Promise<TrailState> {
  const name = trail.TrailARN ?? trail.Name;
  const problems: string[] = [];
  if (!trail.IsMultiRegionTrail) problems.push('single-region');
  const status = await client.send(new GetTrailStatusCommand({ Name: name }));
  if (!status.IsLogging) problems.push('not logging');
  const selectors = await client.send(new GetEventSelectorsCommand({ TrailName: name }));
  if (!logsManagementWrites(selectors)) problems.push('management write events not selected');
  return { trail, problems };
}

/**
 * A trail records this account's management events in every region
 * (multi-region, logging, management events with ReadWriteType All or
 * WriteOnly) — CloudTrail's events are what Warden detects from.
 */
export async function checkTrail(client: CloudTrailClient, input: { readonly stage: string }): Promise<CheckResult> {
  const create = `aws cloudtrail create-trail --name warden-${input.stage}-trail --s3-bucket-name <bucket> --is-multi-region-trail && aws cloudtrail start-logging --name warden-${input.stage}-trail`;
  let trails: Trail[];
  try {
    trails = (await client.send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList ?? [];
  } catch (error) {
    return fail(
      CHECK,
      `cannot describe trails: ${errorText(error)}`,
      'allow these credentials cloudtrail:DescribeTrails, GetTrailStatus and GetEventSelectors',
    );
  }
  if (trails.length === 0) return fail(CHECK, 'no CloudTrail trail in this account', create);

  const states: TrailState[] = [];
  for (const trail of trails) {
    try {
      states.push(await inspect(client, trail));
    } catch (error) {
      states.push({ trail, problems: [`unreadable (${errorText(error)})`] });
    }
  }
  const good = states.find((state) => state.problems.length === 0);
  if (good) {
    const org = good.trail.IsOrganizationTrail ? 'organisation, ' : '';
    return pass(
      CHECK,
      `${good.trail.Name} logs management events (${org}multi-region, home ${good.trail.HomeRegion ?? '?'})`,
    );
  }
  const summary = states.map((state) => `${state.trail.Name}: ${state.problems.join(', ')}`).join('; ');
  const first = states[0]!;
  const name = first.trail.Name ?? '<trail>';
  const fixes: string[] = [];
  if (first.problems.includes('not logging')) fixes.push(`aws cloudtrail start-logging --name ${name}`);
  if (first.problems.includes('single-region'))
    fixes.push(`aws cloudtrail update-trail --name ${name} --is-multi-region-trail`);
  if (first.problems.includes('management write events not selected')) {
    fixes.push(
      `aws cloudtrail put-event-selectors --trail-name ${name} --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]'`,
    );
  }
  return fail(CHECK, summary, fixes.length > 0 ? fixes.join(' && ') : create);
}
