/**
 * The scoring service (`leadvalue serve`): an HTTP server over the production
 * scorer. Like the scorer, it imports only src/scoring, src/core and node:
 * builtins; test/serve/import-graph.test.ts enforces that.
 */
export { createScoringServer, type ScoringServerOptions } from './create-server.js';
export { defaultMaxBodyBytes, DEFAULT_MAX_BATCH } from './default-max-body.js';
export { closeGracefully, type CloseResult } from './close-server.js';
export { watchModel, type ModelSource, type ModelWatcher, type WatchOptions } from './model-watcher.js';
export { loadVerifiedModel, type LoadedModel } from './load-verified-model.js';
export { modelVersions } from './model-versions.js';
export { checkModelIdentity, versionInFileName } from './check-model-identity.js';
export { folderModelName } from './folder-model-name.js';
export { modelMetadata, type ModelMetadata, type ModelFeature } from './model-metadata.js';
export { validateScoreRequest, MAX_REASONS, type ScoreRequest, type RequestLimits } from './validate-request.js';
export { scoreInSlices } from './score-in-slices.js';
export { readJsonBody } from './request-body.js';
export { RequestError } from './request-error.js';
