// Values serverless.yml takes from Warden's TypeScript (EventBridge patterns
// generated from the rule catalogue, per-function roles from the action
// registry, alarms): `${file(./infra/serverless-values.cjs):<key>}`.
//
// Serverless reads JS files with require(), and the sources are TypeScript
// (ESM). So this shim bundles shared/deploy/serverless-values.ts with esbuild
// (already a dev dependency) at package time, imports the result once and
// hands serverless the values for the stage being packaged. Nothing is
// generated into the repository, so nothing can go stale.
'use strict';

const { mkdir, rm } = require('node:fs/promises');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const root = path.resolve(__dirname, '..');
let loading;

function loadModule() {
  loading ??= (async () => {
    const esbuild = require('esbuild');
    // Inside node_modules so the bundle's external imports (valibot, iam-data) resolve.
    const dir = path.join(root, 'node_modules', '.cache', 'warden-deploy');
    await mkdir(dir, { recursive: true });
    const outfile = path.join(dir, `serverless-values-${process.pid}-${Date.now()}.mjs`);
    await esbuild.build({
      entryPoints: [path.join(root, 'shared', 'deploy', 'serverless-values.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outfile,
      logLevel: 'warning',
    });
    try {
      return await import(pathToFileURL(outfile).href);
    } finally {
      await rm(outfile, { force: true });
    }
  })();
  return loading;
}

module.exports = async ({ resolveVariable }) => {
  const stage = await resolveVariable('sls:stage');
  const slackSecretId = await resolveVariable('param:slackSecretId');
  const { serverlessValues } = await loadModule();
  return serverlessValues({ stage, slackSecretId });
};
