export { db, emitTaskEvent, resetDb, subscribeToTask } from './db';
export * from './factories';
export { buildSeed, ids } from './fixtures';
export { activityHandlers, agentHandlers, eventHandlers, handlers, taskHandlers } from './handlers';
export { api, taskEventStream } from './http-utils';
export { scenarios, type ScenarioName } from './scenarios';
