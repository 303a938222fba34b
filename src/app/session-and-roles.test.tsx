import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ids, sessionAs } from '@/mocks';
import { server } from '@/mocks/node';
import { renderApp } from '@/testing/render';

describe('sign-in and roles in the shell', () => {
  it('shows the sign-in screen, not the tasks, when there is no session', async () => {
    server.use(...sessionAs(null, 'local'));
    renderApp('/tasks');
    expect(await screen.findByRole('button', { name: /sign in/i })).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Tasks' })).not.toBeInTheDocument();
  });

  it('a viewer sees the task actions disabled, each saying why', async () => {
    server.use(...sessionAs('viewer'));
    renderApp(`/tasks/${ids.liveTask}`);
    const group = await screen.findByRole('group', { name: 'Task actions' }, { timeout: 10_000 });
    for (const name of ['Stop task', 'Update task', 'Run again']) {
      const button = within(group).getByRole('button', { name });
      expect(button).toHaveAttribute('aria-disabled', 'true');
      expect(button).toHaveAccessibleDescription(/Needs the operator role; you are viewer/);
    }
    // Viewers do not get the admin-only audit trail in the navigation.
    expect(screen.queryByRole('link', { name: 'Audit' })).not.toBeInTheDocument();
  }, 20_000);

  it('an operator may stop a running task; the audit link stays admin-only', async () => {
    server.use(...sessionAs('operator'));
    renderApp(`/tasks/${ids.liveTask}`);
    const group = await screen.findByRole('group', { name: 'Task actions' }, { timeout: 10_000 });
    expect(within(group).getByRole('button', { name: 'Stop task' })).not.toHaveAttribute(
      'aria-disabled',
    );
    expect(screen.queryByRole('link', { name: 'Audit' })).not.toBeInTheDocument();
  }, 20_000);

  it('the zero-config admin sees the audit trail link', async () => {
    renderApp('/tasks');
    expect(await screen.findByRole('link', { name: 'Audit' })).toHaveAttribute('href', '/audit');
  });
});
