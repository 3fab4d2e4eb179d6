// Writes warden.config.json — warden.config.yml validated by `warden config
// check --write-json`, the same code `npm run package` runs — before the
// functions are packaged, so `osls package` and `osls deploy` run directly
// always ship the current configuration, never a stale or missing JSON (the
// functions carry no YAML parser). An invalid configuration stops packaging
// with the offending key named. Listed before serverless-esbuild in
// serverless.yml so its hook runs first.
'use strict';

const { importTypeScript } = require('../scripts/import-typescript.cjs');

class ConfigJson {
  constructor(serverless) {
    const root = serverless.serviceDir ?? serverless.config.servicePath;
    this.hooks = {
      'before:package:createDeploymentArtifacts': () => writeConfigJson(serverless, root),
    };
  }
}

async function writeConfigJson(serverless, root) {
  const { runCli } = await importTypeScript('cli/run-cli.ts');
  let errors = '';
  const io = {
    stdout: () => {},
    stderr: (text) => {
      errors += text;
    },
    color: false,
    stderrIsTty: false,
    cwd: root,
  };
  const code = await runCli(['config', 'check', '--write-json', 'warden.config.json'], io);
  if (code !== 0) throw new serverless.classes.Error(errors.trim());
}

module.exports = ConfigJson;
