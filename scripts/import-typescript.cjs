// Imports one of Warden's TypeScript modules from a build script or from
// serverless.yml's JS values: bundles it with esbuild (a dev dependency) into
// node_modules/.cache (so its external imports resolve), imports it, removes
// the file. Nothing is generated into the repository.
'use strict';

const { mkdir, rm } = require('node:fs/promises');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const root = path.resolve(__dirname, '..');

/** `entry` relative to the repository root, e.g. `infra/stack/serverless-values.ts`. */
async function importTypeScript(entry) {
  const esbuild = require('esbuild');
  const dir = path.join(root, 'node_modules', '.cache', 'warden-deploy');
  await mkdir(dir, { recursive: true });
  const outfile = path.join(dir, `${path.basename(entry, '.ts')}-${process.pid}-${Date.now()}.mjs`);
  await esbuild.build({
    entryPoints: [path.join(root, entry)],
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
}

module.exports = { importTypeScript };
