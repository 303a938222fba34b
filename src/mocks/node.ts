import { setupServer } from 'msw/node';
import { resetDb } from './db';
import { handlers } from './handlers';

/** The msw server for Node tests, on the happy-path handlers. */
export const server = setupServer(...handlers);

// The shared setup calls resetHandlers() after each test; resetting the in-memory db with it
// keeps one test's creates and updates out of the next.
const resetHandlers = server.resetHandlers.bind(server);
server.resetHandlers = (...next) => {
  resetDb();
  resetHandlers(...next);
};
