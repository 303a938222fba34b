import { screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { api, db, ids } from '@/mocks';
import { server } from '@/mocks/node';
import { renderApp } from '@/testing/render';
import { renderTaskHeader } from './action-test-harness';

vi.setConfig({ testTimeout: 25_000 });

interface SeenCreate {
  agentId: string;
  body: Record<string, unknown>;
}

function recordCreates(): SeenCreate[] {
  const seen: SeenCreate[] = [];
  server.use(
    http.post(api('/agent-execution/:agentId'), async ({ params, request }) => {
      seen.push({
        agentId: String(params['agentId']),
        body: (await request.clone().json()) as Record<string, unknown>,
      });
      return undefined;
    }),
  );
  return seen;
}

describe('New task, Run again, Continue', () => {
  it('creates a task from the all-tasks page with an agent select and opens its live view', async () => {
    const seen = recordCreates();
    const { user, currentHref } = renderApp('/tasks');
    await user.click(await screen.findByRole('button', { name: 'New task' }, { timeout: 10_000 }));
    const dialog = await screen.findByRole('dialog', { name: 'New task' });
    expect(within(dialog).getByLabelText('Prompt')).toHaveFocus();
    await user.selectOptions(within(dialog).getByLabelText('Agent'), ids.parserAgent);
    await user.type(within(dialog).getByLabelText('Prompt'), 'Parse the March invoices');
    await user.type(
      within(dialog).getByLabelText('File URLs'),
      'https://files.example/a.pdf{enter}https://files.example/b.pdf',
    );
    await user.type(within(dialog).getByLabelText('End user id'), 'u-1001');
    await user.type(within(dialog).getByLabelText('End user email'), 'ana@example.com');
    await user.type(within(dialog).getByLabelText('Title'), 'March invoices');
    await user.selectOptions(within(dialog).getByLabelText('Output format'), 'markdown');
    await user.selectOptions(within(dialog).getByLabelText('Think mode'), 'harder');
    await user.click(within(dialog).getByRole('button', { name: 'Create task' }));

    await waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]).toEqual({
      agentId: ids.parserAgent,
      body: {
        input: {
          text: 'Parse the March invoices',
          files: ['https://files.example/a.pdf', 'https://files.example/b.pdf'],
          user: { email: 'ana@example.com', id: 'u-1001' },
        },
        events_streaming: true,
        source: 'console',
        title: 'March invoices',
        output_format: 'markdown',
        think_mode: 'harder',
      },
    });
    const created = [...db.tasks.values()].find((t) => t.title === 'March invoices')!;
    await waitFor(() => expect(currentHref()).toBe(`/tasks/${created.id}`));
    expect(await screen.findByText('Task created')).toBeInTheDocument();
  });

  it('checks the form before sending: a prompt, http(s) file URLs, an email with an end user', async () => {
    const seen = recordCreates();
    const { user } = renderApp(`/agents/${ids.financeAgent}/tasks`);
    await user.click(await screen.findByRole('button', { name: 'New task' }, { timeout: 10_000 }));
    const dialog = await screen.findByRole('dialog', { name: 'New task' });
    expect(within(dialog).queryByLabelText('Agent')).not.toBeInTheDocument();
    await user.type(within(dialog).getByLabelText('File URLs'), 'file:///etc/passwd');
    await user.type(within(dialog).getByLabelText('End user id'), 'u-1');
    await user.click(within(dialog).getByRole('button', { name: 'Create task' }));
    expect(within(dialog).getByLabelText('Prompt')).toHaveAccessibleDescription(
      'Write what the agent should do.',
    );
    expect(within(dialog).getByLabelText('File URLs')).toHaveAccessibleDescription(
      'Not an http(s) URL: file:///etc/passwd',
    );
    expect(within(dialog).getByLabelText('End user email')).toHaveAttribute('aria-invalid', 'true');
    expect(seen).toHaveLength(0);
  });

  it('Run again sends the same input to the same agent as a new task', async () => {
    const seen = recordCreates();
    const source = db.tasks.get(ids.failedTask)!;
    const { user, path } = renderTaskHeader(ids.failedTask);
    await user.click(await screen.findByRole('button', { name: 'Run again' }, { timeout: 8000 }));
    const dialog = await screen.findByRole('dialog', { name: 'Run again' });
    expect(within(dialog).getByLabelText('Prompt')).toHaveValue('Parse the receipts');
    await user.click(within(dialog).getByRole('button', { name: 'Run again' }));
    await waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]!.agentId).toBe(source.agent_id);
    expect(seen[0]!.body).not.toHaveProperty('id');
    expect(seen[0]!.body).toMatchObject({
      input: { text: 'Parse the receipts', files: [], user: source.input.user },
      title: 'Parse scanned receipts',
      events_streaming: true,
      source: 'console',
    });
    await waitFor(() => expect(path()).not.toBe(`/tasks/${ids.failedTask}`));
  });

  it('Continue sends the same task id with the new prompt, and is blocked while running', async () => {
    const seen = recordCreates();
    const { user, path, unmount } = renderTaskHeader(ids.failedTask);
    await user.click(await screen.findByRole('button', { name: 'Continue' }, { timeout: 8000 }));
    const dialog = await screen.findByRole('dialog', { name: 'Continue' });
    expect(within(dialog).getByLabelText('Prompt')).toHaveValue('');
    await user.type(within(dialog).getByLabelText('Prompt'), 'Try again with the backup OCR');
    await user.click(within(dialog).getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(seen).toHaveLength(1));
    expect(seen[0]!.agentId).toBe(ids.parserAgent);
    expect(seen[0]!.body).toMatchObject({
      id: ids.failedTask,
      input: { text: 'Try again with the backup OCR' },
      events_streaming: true,
      source: 'console',
    });
    expect(await screen.findByText(/Continued “Parse scanned receipts”/)).toBeInTheDocument();
    expect(path()).toBe(`/tasks/${ids.failedTask}`);
    unmount();

    renderTaskHeader(ids.liveTask);
    const blocked = await screen.findByRole('button', { name: 'Continue' }, { timeout: 8000 });
    expect(blocked).toHaveAttribute('aria-disabled', 'true');
    expect(blocked).toHaveAccessibleDescription(/still running/);
  });
});
