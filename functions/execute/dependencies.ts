import { REMEDIATION_CLIENTS } from '../../shared/aws/remediation-clients.js';
import type { RuntimeEnv } from '../../shared/config.js';
import type { Notifier } from '../../shared/model/notices.js';
import type { ExecuteDependencies } from '../../shared/engine/execute-action.js';
import { readRuntimeConfig } from '../../shared/runtime/read-runtime-config.js';
import { runtimeClients } from '../../shared/runtime/runtime-clients.js';
import { runtimeNotifier } from '../../shared/runtime/runtime-notifier.js';

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
