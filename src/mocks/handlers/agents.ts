import { http, HttpResponse } from 'msw';
import { db } from '../db';
import { api } from '../http-utils';

export const agentHandlers = [http.get(api('/agents/list'), () => HttpResponse.json(db.agents))];
