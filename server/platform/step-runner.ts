import type { Step } from './behaviours.ts';
import type { AgentRecord } from './store.ts';
import type { TaskOps } from './task-ops.ts';
import { isTerminal, type TaskRecord } from './task-model.ts';
import { parseTime } from './time.ts';

/** advance: go to the next step; wait: retry this step later; hold: go to the next step but only when someone resumes the task. */
export type StepOutcome = 'advance' | 'wait' | 'hold';

const withExtension = (task: TaskRecord, payload: unknown): unknown =>
  task.payload_extension && payload && typeof payload === 'object' && !Array.isArray(payload)
    ? { ...(payload as Record<string, unknown>), ...task.payload_extension }
    : payload;

/**
 * Apply one scripted step to a task at simulated time `nowMs`: task changes, events and
 * activity items together, inside the caller's transaction. Shared by the live worker and
 * the seed (which runs scripts in the past).
 */
export function runStep(
  ops: TaskOps,
  task: TaskRecord,
  step: Step,
  nowMs: number,
  getAgent: (id: string) => AgentRecord | undefined,
): StepOutcome {
  const previous = task.status;
  switch (step.kind) {
    case 'start': {
      task.status = 'executing';
      ops.activity(
        task.id,
        { role: 'user', content: { text: task.input.text, files: task.input.files } },
        nowMs,
      );
      ops.commit(task, previous, nowMs);
      return 'advance';
    }
    case 'internal_status': {
      task.internal_status = step.value;
      ops.commit(task, previous, nowMs);
      return 'advance';
    }
    case 'think': {
      const data = {
        title: step.title,
        thought: step.thought,
        action: step.action,
        confidence: step.confidence,
      };
      ops.emit(task.id, 'think', data, nowMs);
      ops.activity(task.id, { type: 'think', ...data, result: null, analysis: null }, nowMs);
      return 'advance';
    }
    case 'analyze': {
      const data = {
        title: step.title,
        result: step.result,
        analysis: step.analysis,
        next_action: step.nextAction,
        confidence: step.confidence,
      };
      ops.emit(task.id, 'analyze', data, nowMs);
      ops.activity(
        task.id,
        {
          type: 'analyze',
          title: step.title,
          confidence: step.confidence,
          thought: null,
          action: null,
          result: step.result,
          analysis: step.analysis,
        },
        nowMs,
      );
      return 'advance';
    }
    case 'tool_request':
    case 'tool_result': {
      const c = step.call;
      const base = {
        request_id: c.requestId,
        operation_id: c.operationId,
        tool_call_id: c.toolCallId,
        graph_node_id: c.graphNodeId,
        tool_name: c.name,
        payload: withExtension(task, c.payload),
        reasoning: c.reasoning,
      };
      if (step.kind === 'tool_request') {
        ops.emit(task.id, 'tool_call_request', base, nowMs);
      } else {
        ops.emit(
          task.id,
          'tool_call_result',
          { ...base, result: c.result, is_error: c.isError },
          nowMs,
        );
        // The activity log keeps one merged item per call (§6.7).
        ops.activity(
          task.id,
          {
            tool_name: c.name,
            payload: base.payload,
            is_error: c.isError,
            reasoning: c.reasoning,
            result: c.result,
          },
          nowMs,
        );
      }
      return 'advance';
    }
    case 'plan': {
      task.deep_planning = {
        enabled: true,
        enforce: false,
        started: true,
        question_raised: false,
        tasks: step.items.map((title, i) => ({
          id: `p${i + 1}`,
          title,
          completed: i < step.completed,
        })),
      };
      ops.commit(task, previous, nowMs, 'none');
      ops.emit(task.id, 'plan_updated', task.deep_planning, nowMs);
      return 'advance';
    }
    case 'sub_agent': {
      const agent = getAgent(step.agentId);
      if (!agent) return 'advance';
      const child = ops.create(
        agent,
        {
          input: { text: step.query, files: [], user: task.input.user },
          source: 'task',
          events_streaming: true,
          title: step.reasoning.title,
          triggering_agent_id: task.agent_id,
        },
        null,
        nowMs,
        { parent_execution: task.id },
      );
      task.sub_executions = [...task.sub_executions, child.id];
      ops.emit(
        task.id,
        'sub_agent_trigger',
        { agent_id: agent.id, query: step.query, files: [], reasoning: step.reasoning },
        nowMs,
      );
      ops.activity(
        task.id,
        { agent_id: agent.id, query: step.query, files: [], reasoning: step.reasoning },
        nowMs,
      );
      ops.commit(task, previous, nowMs);
      return 'advance';
    }
    case 'await_sub_agents': {
      const pending = ops.store.childStatuses(task.id).filter((s) => !isTerminal(s));
      if (pending.length === 0) return 'advance';
      // A child that never finishes (held, or its agent has no worker) must not block the parent forever.
      const waitedMs = nowMs - parseTime(task.updated_at);
      return waitedMs > 10 * 60_000 ? 'advance' : 'wait';
    }
    case 'hitl': {
      task.status = 'paused';
      task.hitl_request = { wait_node_id: step.waitNodeId };
      task.internal_status = 'awaiting approval';
      ops.commit(task, previous, nowMs);
      return step.hold ? 'hold' : 'advance';
    }
    case 'hitl_resume': {
      task.hitl_request = null;
      task.status = 'executing';
      task.internal_status = 'approved';
      ops.commit(task, previous, nowMs);
      return 'advance';
    }
    case 'auth': {
      const data = { url: step.authUrl, server_url: step.serverUrl, server_name: step.connector };
      task.status = 'paused';
      task.pending_eca_request = { connector_name: step.connector, auth_url: step.authUrl };
      task.internal_status = `waiting for ${step.connector} login`;
      ops.emit(task.id, 'auth_event', { type: 'login_required', data }, nowMs);
      ops.activity(task.id, { type: 'login_required', data }, nowMs);
      ops.commit(task, previous, nowMs);
      return step.hold ? 'hold' : 'advance';
    }
    case 'auth_resume': {
      // Tokens never appear in events or the log: the platform redacts them.
      ops.emit(
        task.id,
        'auth_event',
        { type: 'token_ready', data: { access_token: 'REDACTED' } },
        nowMs,
      );
      ops.activity(task.id, { type: 'token_ready', data: { access_token: 'REDACTED' } }, nowMs);
      task.pending_eca_request = null;
      task.status = 'executing';
      task.internal_status = 'connected';
      ops.commit(task, previous, nowMs);
      return 'advance';
    }
    case 'compaction': {
      const data =
        step.variant === 'retry'
          ? { type: 'retry', data: { is_retry: true } }
          : {
              type: 'summarization',
              data: {
                new_task_prompt: `Continue: ${task.input.text.slice(0, 80)}`,
                task_context: 'Steps 1-3 done; 2 plan items left.',
              },
            };
      ops.emit(task.id, 'task_compactization', data, nowMs);
      return 'advance';
    }
    case 'chunk': {
      ops.emit(task.id, 'chunk', step.text, nowMs);
      return 'advance';
    }
    case 'finish': {
      task.status = step.status;
      task.result = step.result;
      task.internal_status = null;
      task.tokens = {
        prompt_tokens: step.tokens.prompt,
        completion_tokens: step.tokens.completion,
        total_tokens: step.tokens.prompt + step.tokens.completion,
      };
      const started = task.started_at ? parseTime(task.started_at) : nowMs;
      task.duration = Math.max(0, Math.round(nowMs - started) / 1000);
      const tools = ops.store
        .activity(task.id)
        .flatMap((i) => (typeof i['tool_name'] === 'string' ? [i['tool_name']] : []));
      task.used_tools = [...new Set(tools)];
      ops.activity(task.id, { role: 'agent', content: { text: step.result, files: [] } }, nowMs);
      ops.commit(task, previous, nowMs);
      return 'advance';
    }
  }
}
