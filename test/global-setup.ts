import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { ensureMoto } from './helpers/moto-install.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Python executable that has moto[server] at the pinned version. */
    motoPython: string;
  }
}

/** Runs once per `vitest run`: makes sure the AWS emulator is installed. */
export default function setup(project: TestProject): void {
  const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));
  project.provide('motoPython', ensureMoto(repoRoot));
}
