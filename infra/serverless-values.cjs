// Values serverless.yml takes from Warden's TypeScript (EventBridge patterns
// generated from the rule catalogue, per-function roles from the action
// registry, alarms): `${file(./infra/serverless-values.cjs):<key>}`.
//
// Serverless reads JS files with require(), and the sources are TypeScript
// (ESM). So this shim bundles infra/stack/serverless-values.ts with esbuild
// (already a dev dependency) at package time, imports the result once and
// hands serverless the values for the stage being packaged. Nothing is
// generated into the repository, so nothing can go stale.
'use strict';

const { importTypeScript } = require('../scripts/import-typescript.cjs');

let loading;

function loadModule() {
  loading ??= importTypeScript('infra/stack/serverless-values.ts');
  return loading;
}

module.exports = async ({ resolveVariable }) => {
  const stage = await resolveVariable('sls:stage');
  const slackSecretId = await resolveVariable('param:slackSecretId');
  const { serverlessValues } = await loadModule();
  return serverlessValues({ stage, slackSecretId });
};
