import { http, HttpResponse } from 'msw';
import { db } from '../db';
import { api, detail } from '../http-utils';

export const activityHandlers = [
  http.get(api('/activity/:agentId/:taskId'), ({ params }) => {
    const task = db.tasks.get(String(params['taskId']));
    const thread = db.activity.get(String(params['taskId']));
    if (!task || task.agent_id !== params['agentId'] || !thread) {
      return detail(404, 'Task has no activity log');
    }
    return HttpResponse.json(thread);
  }),
];
