import { catalogueRuleFacts } from '../rules/catalogue.js';
import { hygieneRuleFacts } from '../sweep/hygiene-checks.js';
import type { RuleFacts } from '../settings/load-config.js';

/** Every id `rules:` in the configuration may name: the detection rules and the sweep's hygiene checks. */
export function configRuleFacts(): RuleFacts[] {
  return [...catalogueRuleFacts(), ...hygieneRuleFacts()];
}
