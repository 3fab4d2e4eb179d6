import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { launchMotoServer, type MotoServer } from './moto-launcher.js';

export { DEFAULT_ACCOUNT, REGION, type MotoServer } from './moto-launcher.js';

/** Starts a private moto server on a free loopback port (Python from the global setup unless given). */
export async function startMotoServer(python = inject('motoPython')): Promise<MotoServer> {
  return launchMotoServer(python);
}

/**
 * Gives a test file its own moto server, reset before every test so each
 * test starts from an empty AWS. Read `.server` inside hooks and tests.
 */
export function useMotoServer(): { readonly server: MotoServer } {
  const holder: { server?: MotoServer } = {};
  beforeAll(async () => {
    holder.server = await startMotoServer();
  }, 30_000);
  afterAll(async () => {
    await holder.server?.stop();
  });
  beforeEach(async () => {
    await holder.server?.reset();
  });
  return {
    get server(): MotoServer {
      if (!holder.server) throw new Error('moto server not started (use it inside tests or hooks)');
      return holder.server;
    },
  };
}
