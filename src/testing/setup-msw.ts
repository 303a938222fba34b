import { EventSource } from 'eventsource';
import { afterAll, afterEach, beforeAll } from 'vitest';

// msw's sse() needs a global EventSource when a handler is created; Node 20 and jsdom have none.
if (typeof globalThis.EventSource === 'undefined') {
  (globalThis as { EventSource: unknown }).EventSource = EventSource;
}

const { server } = await import('@/mocks/node');

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
