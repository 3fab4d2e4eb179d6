#!/usr/bin/env node
// Launcher for the `warden` command: runs the esbuild bundle built by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('warden: the command is not built yet: run npm run build\n');
  process.exit(1);
}
await import(bundle.href);
