import { REMEDIATION_CLIENTS } from '../aws/remediation-clients.js';
import type { RuntimeEnv } from '../config.js';
import type { Notifier } from '../engine/notifier.js';
import type { ExecuteDependencies } from '../engine/execute-action.js';
import { readRuntimeConfig } from '../settings/read-runtime-config.js';
import { runtimeClients } from './runtime-clients.js';
import { runtimeNotifier } from './runtime-notifier.js';

/** Everything functions/execute needs, built once per cold start from the environment. */
export function executeDependencies(env: RuntimeEnv, notifier?: Notifier): ExecuteDependencies {
  const config = readRuntimeConfig(env.configPath, env);
  const runtime = runtimeClients(env, 'warden-execute');
  return {
    store: runtime.store,
    clientsFor: runtime.clientsIn(REMEDIATION_CLIENTS),
    publisher: runtime.publisher,
    notifier: notifier ?? runtimeNotifier(env, runtime, config),
    config,
    clock: runtime.clock,
    logger: runtime.logger,
  };
}
