import { activityHandlers } from './activity';
import { agentHandlers } from './agents';
import { eventHandlers } from './events';
import { taskHandlers } from './tasks';

/** The happy path: every resource served from the in-memory db. */
export const handlers = [...agentHandlers, ...taskHandlers, ...activityHandlers, ...eventHandlers];

export { activityHandlers, agentHandlers, eventHandlers, taskHandlers };
