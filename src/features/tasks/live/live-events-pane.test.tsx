import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { Task } from '@/contract';
import { api, db, ids } from '@/mocks';
import { server } from '@/mocks/node';
import { taskQueries } from '../task-queries';
import { LiveEventsPane } from './live-events-pane';
import { useTaskEventStream } from './use-task-event-stream';

function Pane({ task }: { task: Task }) {
  const stream = useTaskEventStream(task, { baseDelayMs: 5, maxDelayMs: 20 });
  return <LiveEventsPane stream={stream} finished />;
}

function renderPane(task: Task) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity } },
  });
  queryClient.setQueryData(taskQueries.detail(task.id).queryKey, task);
  return render(
    <QueryClientProvider client={queryClient}>
      <Pane task={task} />
    </QueryClientProvider>,
  );
}

describe('LiveEventsPane', () => {
  it('a finished task whose recorded events keep failing shows the error and a Retry, not an empty "Ended"', async () => {
    const task = db.tasks.get(ids.sampleTask)!;
    let failing = true;
    server.use(
      http.get(api('/agent-execution/:taskId/events'), () =>
        failing ? HttpResponse.json({ detail: 'busy' }, { status: 503 }) : undefined,
      ),
    );
    const user = userEvent.setup();
    renderPane(task);
    await user.click(screen.getByRole('button', { name: 'Load recorded events' }));

    const retry = await screen.findByRole('button', { name: 'Retry' });
    const status = screen.getAllByRole('status')[0]!;
    expect(status).toHaveTextContent(/Ended/);
    expect(status).toHaveTextContent(/Could not read the events after 5 attempts/);
    expect(status).toHaveTextContent(/503/);
    expect(status).not.toHaveTextContent(/The task finished; the stream is closed/);

    failing = false;
    await user.click(retry);
    const count = db.events.get(task.id)!.length;
    expect(await screen.findByText(`${count} events`)).toBeInTheDocument();
    expect(screen.getAllByRole('status')[0]).toHaveTextContent(
      /The task finished; the stream is closed/,
    );
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });
});
