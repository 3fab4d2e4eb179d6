// Lets serverless.yml carry Serverless Framework v4's `build` block (v4 must be
// told `build.esbuild: false` to leave bundling to serverless-esbuild) while
// osls validates the configuration strictly (configValidationMode: error):
// osls, like v3, does not know the key, so this declares it. Where the
// framework already defines `build` (v4), the plugin does nothing.
'use strict';

class V4BuildKey {
  constructor(serverless) {
    const handler = serverless.configSchemaHandler;
    if (handler && handler.schema && handler.schema.properties && !handler.schema.properties.build) {
      handler.defineTopLevelProperty('build', {
        type: 'object',
        properties: { esbuild: { anyOf: [{ type: 'boolean' }, { type: 'object' }] } },
        additionalProperties: false,
      });
    }
  }
}

module.exports = V4BuildKey;
