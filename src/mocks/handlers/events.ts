import { http } from 'msw';
import { db } from '../db';
import { api, notFound, taskEventStream } from '../http-utils';

export const eventHandlers = [
  http.get(api('/agent-execution/:taskId/events'), ({ params }) => {
    const taskId = String(params['taskId']);
    if (!db.tasks.has(taskId)) return notFound(`Task ${taskId}`);
    return taskEventStream(taskId);
  }),
];
