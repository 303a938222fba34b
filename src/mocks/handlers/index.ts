import { activityHandlers } from './activity';
import { agentHandlers } from './agents';
import { eventHandlers } from './events';
import { sessionHandlers } from './session';
import { taskHandlers } from './tasks';

/** The happy path: every resource served from the in-memory db. */
export const handlers = [
  ...sessionHandlers,
  ...agentHandlers,
  ...taskHandlers,
  ...activityHandlers,
  ...eventHandlers,
];

export { activityHandlers, agentHandlers, eventHandlers, sessionHandlers, taskHandlers };
export { sessionAs, sessionBody } from './session';
