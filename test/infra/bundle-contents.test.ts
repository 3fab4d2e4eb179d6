/**
 * What the function bundles must not carry (DESIGN §12 bundle budget): the
 * YAML parser (the config ships as JSON written at package time) and, in
 * detect and interact, the CloudTrail client only execute and the sweep
 * (DescribeTrails) use; in all
 * but the sweep, the Organizations client. Built
 * with the options serverless.yml gives serverless-esbuild.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function bundledPackages(name: string): Promise<Set<string>> {
  const result = await build({
    entryPoints: [path.join(root, 'functions', name, 'handler.ts')],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    mainFields: ['module', 'main'],
    write: false,
    metafile: true,
    outfile: path.join(root, 'dist', 'bundle-contents', `${name}.mjs`),
    logLevel: 'silent',
  });
  // What ends up in the output: a module imported but entirely tree-shaken away contributes 0 bytes.
  const [output] = Object.values(result.metafile.outputs);
  const packages = new Set<string>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match && bytesInOutput > 0) packages.add(match[1]!);
  }
  return packages;
}

describe('function bundles', () => {
  it.each(['detect', 'execute', 'interact', 'sweep'])('%s carries no YAML parser', async (name) => {
    const packages = await bundledPackages(name);
    expect(packages).toContain('@aws-sdk/client-dynamodb');
    expect(packages).not.toContain('yaml');
  });

  it.each(['detect', 'interact'])(
    '%s carries no CloudTrail client (only execute and the sweep call CloudTrail; detect reads the stored trail facts)',
    async (name) => {
      expect(await bundledPackages(name)).not.toContain('@aws-sdk/client-cloudtrail');
    },
  );

  it.each(['detect', 'execute', 'interact'])(
    '%s carries no Organizations client (only the sweep reads the organisation; detect reads the stored facts)',
    async (name) => {
      expect(await bundledPackages(name)).not.toContain('@aws-sdk/client-organizations');
    },
  );

  it('sweep carries the Organizations client it reads the organisation with', async () => {
    expect(await bundledPackages('sweep')).toContain('@aws-sdk/client-organizations');
  });

  it('execute carries the CloudTrail client its actions use', async () => {
    expect(await bundledPackages('execute')).toContain('@aws-sdk/client-cloudtrail');
  });

  it('the sweep carries the CloudTrail client it reads the trails with', async () => {
    expect(await bundledPackages('sweep')).toContain('@aws-sdk/client-cloudtrail');
  });
});
