import { expect, type APIRequestContext } from '@playwright/test';

/**
 * The gateway's API as a second writer (or a set-up step) sees it: every write carries the
 * CSRF token from GET /api/session and a same-origin Origin, as the SPA's do. Pass
 * `page.request` (or `context.request`) to act with a signed-in browser's cookies.
 */

export interface TaskBody {
  id: string;
  agent_id: string;
  status: string | null;
  result: string | null;
  updated_at?: string | null;
  is_manually_stopped?: boolean;
  input: { text?: string | null };
  title?: string | null;
  internal_status?: string | null;
}

interface AgentRow {
  id: string;
  name: string;
  status: string;
  type?: string | null;
}

export interface GatewayApi {
  readonly baseURL: string;
  csrfToken(): Promise<string>;
  /** Headers a write needs: Origin, X-CSRF-Token, and an optional audit reason. */
  writeHeaders(reason?: string): Promise<Record<string, string>>;
  /** An ACTIVE regular agent of the seed (its tasks run on the simulated worker). */
  activeAgent(): Promise<AgentRow>;
  /**
   * A task on `agentId` (default: an ACTIVE regular agent). List rows carry no prompt (contract
   * §6.4: TasksListItem has no `input`), so a task the list must find by a word needs a title.
   */
  createTask(prompt: string, options?: { agentId?: string; title?: string }): Promise<TaskBody>;
  getTask(id: string): Promise<TaskBody>;
  /** Polls the platform (through the gateway) until the task has one of the statuses. */
  waitForStatus(id: string, statuses: string | string[], timeout?: number): Promise<TaskBody>;
  patchTask(
    id: string,
    patch: Record<string, unknown>,
    options?: { ifMatch?: string; reason?: string },
  ): Promise<TaskBody>;
}

export function gatewayApi(request: APIRequestContext, baseURL: string): GatewayApi {
  let token: string | null = null;
  const api: GatewayApi = {
    baseURL,
    async csrfToken() {
      if (token) return token;
      const res = await request.get(`${baseURL}/api/session`);
      expect(res.status(), 'GET /api/session').toBe(200);
      const body = (await res.json()) as { csrf_token: string | null };
      expect(body.csrf_token, 'a CSRF token from /api/session (signed in?)').toBeTruthy();
      token = body.csrf_token!;
      return token;
    },
    async writeHeaders(reason) {
      return {
        origin: baseURL,
        'content-type': 'application/json',
        'x-csrf-token': await api.csrfToken(),
        ...(reason ? { 'x-audit-reason': encodeURIComponent(reason) } : {}),
      };
    },
    async activeAgent() {
      const res = await request.get(`${baseURL}/api/agents/list`);
      expect(res.status(), 'GET /api/agents/list').toBe(200);
      const agents = (await res.json()) as AgentRow[];
      const agent = agents.find((a) => a.status === 'ACTIVE' && a.type === 'regular');
      expect(agent, 'an ACTIVE regular agent in the seed').toBeTruthy();
      return agent!;
    },
    async createTask(prompt, options = {}) {
      const agentId = options.agentId ?? (await api.activeAgent()).id;
      const res = await request.post(`${baseURL}/api/agent-execution/${agentId}`, {
        headers: await api.writeHeaders(),
        data: {
          input: { text: prompt, files: [], user: { id: 'u-e2e', email: 'e2e@example.com' } },
          events_streaming: true,
          source: 'console',
          ...(options.title ? { title: options.title } : {}),
        },
      });
      expect(res.status(), `create task: ${await res.text()}`).toBe(200);
      return (await res.json()) as TaskBody;
    },
    async getTask(id) {
      const res = await request.get(`${baseURL}/api/agent-execution/${id}/status`);
      expect(res.status(), `GET status of ${id}`).toBe(200);
      return (await res.json()) as TaskBody;
    },
    async waitForStatus(id, statuses, timeout = 60_000) {
      const wanted = Array.isArray(statuses) ? statuses : [statuses];
      let last: TaskBody | null = null;
      await expect
        .poll(
          async () => {
            last = await api.getTask(id);
            return last.status;
          },
          { timeout, intervals: [250, 500, 1000], message: `task ${id} reaches ${wanted}` },
        )
        .toMatch(new RegExp(`^(${wanted.join('|')})$`));
      return last!;
    },
    async patchTask(id, patch, options = {}) {
      const res = await request.patch(`${baseURL}/api/agent-execution/${id}/update`, {
        headers: {
          ...(await api.writeHeaders(options.reason)),
          ...(options.ifMatch ? { 'if-match': `"${options.ifMatch}"` } : {}),
        },
        data: patch,
      });
      expect(res.status(), `PATCH ${id}: ${await res.text()}`).toBe(200);
      return (await res.json()) as TaskBody;
    },
  };
  return api;
}

/** A word no seeded task contains, so a search for it finds only this run's tasks. */
export function uniqueWord(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
