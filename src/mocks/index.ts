export { db, emitTaskEvent, resetDb, subscribeToTask } from './db';
export * from './factories';
export { buildSeed, ids } from './fixtures';
export {
  activityHandlers,
  agentHandlers,
  eventHandlers,
  handlers,
  sessionAs,
  sessionBody,
  sessionHandlers,
  taskHandlers,
} from './handlers';
export {
  nextVersion,
  stampVersions,
  versionedUpdates,
  writeAsSomeoneElse,
} from './versioned-updates';
export { api, taskEventStream } from './http-utils';
export { scenarios, type ScenarioName } from './scenarios';
