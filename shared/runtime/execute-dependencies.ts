import type { RuntimeEnv } from '../config.js';
import { loggingNotifier, type Notifier } from '../engine/notifier.js';
import type { ExecuteDependencies } from '../engine/execute-action.js';
import { readConfigFile } from '../settings/read-config-file.js';
import { runtimeClients } from './runtime-clients.js';

/** Everything functions/execute needs, built once per cold start from the environment. */
export function executeDependencies(env: RuntimeEnv, notifier?: Notifier): ExecuteDependencies {
  const config = readConfigFile(env.configPath);
  const runtime = runtimeClients(env, 'warden-execute');
  return {
    store: runtime.store,
    clientsFor: runtime.clientsFor,
    publisher: runtime.publisher,
    notifier: notifier ?? loggingNotifier(runtime.logger),
    config,
    clock: runtime.clock,
    logger: runtime.logger,
  };
}
