import { alarmResources } from './alarm-resources.js';
import { detectEvents, executeEvents } from './detect-event-sources.js';
import { cloudTrailEventPatterns } from './event-patterns.js';
import { functionRoleResources, type HubOptions } from './function-roles.js';

/**
 * Everything serverless.yml takes from code, read through
 * infra/serverless-values.cjs (`${file(./infra/serverless-values.cjs):…}`):
 * generated at package time from the rule catalogue and the action registry,
 * so the deployment cannot drift from them.
 */
export function serverlessValues(options: HubOptions) {
  return {
    patterns: cloudTrailEventPatterns(),
    detectEvents: detectEvents(options.stage),
    executeEvents: executeEvents(options.stage, { Ref: 'AWS::AccountId' }),
    roles: functionRoleResources(options),
    alarms: alarmResources(options.stage),
  };
}
