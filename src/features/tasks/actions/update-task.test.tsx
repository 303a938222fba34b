import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api, db, ids } from '@/mocks';
import { server } from '@/mocks/node';
import { stampVersions, versionedUpdates, writeAsSomeoneElse } from '@/mocks/versioned-updates';
import { renderTaskHeader } from './action-test-harness';
import { loadUpdateDraft } from './update-draft-storage';

vi.setConfig({ testTimeout: 20_000 });

interface SeenPatch {
  body: Record<string, unknown>;
  reason: string | null;
  ifMatch: string | null;
}

/** Records every PATCH, then lets the versioned handler (409 rule) answer it. */
function recordPatches(): SeenPatch[] {
  const seen: SeenPatch[] = [];
  server.use(
    http.patch(api('/agent-execution/:taskId/update'), async ({ request }) => {
      seen.push({
        body: (await request.clone().json()) as Record<string, unknown>,
        reason: request.headers.get('x-audit-reason'),
        ifMatch: request.headers.get('if-match'),
      });
      return undefined; // fall through to versionedUpdates
    }),
    ...versionedUpdates,
  );
  return seen;
}

beforeEach(() => {
  sessionStorage.clear();
  stampVersions();
});

async function openUpdate(taskId: string = ids.pausedTask) {
  const harness = renderTaskHeader(taskId);
  // First renders on a shared 2-core machine can take seconds.
  await harness.user.click(
    await screen.findByRole('button', { name: 'Update task' }, { timeout: 8000 }),
  );
  const dialog = await screen.findByRole('dialog', { name: 'Update task' });
  return { ...harness, dialog };
}

describe('Update task', () => {
  it('sends only the changed fields with the opened updated_at, after a review diff, with the reason', async () => {
    const seen = recordPatches();
    const opened = db.tasks.get(ids.pausedTask)!.updated_at;
    const { user, dialog } = await openUpdate();
    await user.selectOptions(within(dialog).getByLabelText('Status'), 'executing');
    await user.type(within(dialog).getByLabelText('Result'), 'Approved by finance');
    await user.type(within(dialog).getByLabelText('Reason'), 'Approved on call: ticket #42 & co');
    await user.click(within(dialog).getByRole('button', { name: /Review changes/ }));

    const diff = within(dialog).getByRole('table', { name: 'Changes to save' });
    const rows = within(diff).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByRole('rowheader')).toHaveTextContent('Status');
    expect(rows[0]).toHaveTextContent('paused');
    expect(rows[0]).toHaveTextContent('executing');
    expect(within(rows[1]!).getByRole('rowheader')).toHaveTextContent('Result');
    expect(rows[1]).toHaveTextContent('(empty)');
    expect(rows[1]).toHaveTextContent('Approved by finance');

    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(seen).toHaveLength(1);
    expect(seen[0]!.body).toEqual({
      status: 'executing',
      result: 'Approved by finance',
      updated_at: opened,
    });
    expect(seen[0]!.ifMatch).toBe(`"${opened}"`);
    expect(decodeURIComponent(seen[0]!.reason!)).toBe('Approved on call: ticket #42 & co');
    expect(seen[0]!.reason).not.toContain(' ');
    expect(await screen.findByText(/Updated “Approve vendor payment”/)).toBeInTheDocument();
    expect(screen.getByTestId('status')).toHaveTextContent('Executing');
    expect(loadUpdateDraft(ids.pausedTask)).toBeNull();
    expect(screen.getByRole('button', { name: 'Update task' })).toHaveFocus();
  });

  it('validates the payload extension JSON and shows the parse error', async () => {
    const { user, dialog } = await openUpdate();
    await user.click(within(dialog).getByRole('button', { name: /Advanced/ }));
    const ext = within(dialog).getByLabelText('Tool-call payload extension');
    await user.click(ext);
    await user.paste('{"region": eu}');
    expect(ext).toHaveAttribute('aria-invalid', 'true');
    expect(ext).toHaveAccessibleDescription(/Invalid JSON/);
    expect(within(dialog).getByRole('button', { name: /Review changes/ })).toBeDisabled();
    await user.clear(ext);
    await user.paste('{"region": "eu"}');
    expect(ext).not.toHaveAttribute('aria-invalid');
    await user.click(within(dialog).getByRole('button', { name: /Review changes/ }));
    expect(within(dialog).getByRole('table', { name: 'Changes to save' })).toHaveTextContent(
      'Tool-call payload extension',
    );
  });

  it('renders the Result preview as sanitized markdown without raw HTML or remote images', async () => {
    const { user, dialog } = await openUpdate();
    await user.click(within(dialog).getByLabelText('Result'));
    await user.paste(
      '**bold** <img src="x" onerror="alert(1)"> ![pixel](https://evil.example/p.png)',
    );
    await user.click(within(dialog).getByRole('tab', { name: 'preview' }));
    const panel = await within(dialog).findByRole('tabpanel');
    // The markdown stack loads lazily on first preview.
    const bold = await within(panel).findByText('bold', {}, { timeout: 8000 });
    expect(bold.tagName).toBe('STRONG');
    expect(panel.querySelector('img')).toBeNull();
    expect(panel.innerHTML).not.toContain('onerror');
  });

  it('on 409 shows the server version beside the change; Re-apply sends the fresh updated_at', async () => {
    const seen = recordPatches();
    const { user, dialog } = await openUpdate();
    await user.type(within(dialog).getByLabelText('Result'), 'Mine');
    await user.click(within(dialog).getByRole('button', { name: /Review changes/ }));
    // Someone else writes after the person opened the dialog.
    const theirs = writeAsSomeoneElse(ids.pausedTask, { status: 'executing', source: 'slack' });

    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('This task was changed after you opened it');
    expect(alert).toHaveTextContent('its status is now Executing');
    const table = within(dialog).getByRole('table', {
      name: /beside the server’s current version/,
    });
    const statusRow = within(table).getByRole('rowheader', { name: 'Status' }).closest('tr')!;
    expect(statusRow).toHaveTextContent(/pausedexecutingunchanged/);
    const resultRow = within(table).getByRole('rowheader', { name: 'Result' }).closest('tr')!;
    expect(resultRow).toHaveTextContent('Mine');
    expect(seen).toHaveLength(1);
    expect(loadUpdateDraft(ids.pausedTask)?.values.result).toBe('Mine');

    await user.click(within(dialog).getByRole('button', { name: 'Re-apply' }));
    expect(seen).toHaveLength(1); // nothing sent until the person saves again
    const diff = within(dialog).getByRole('table', { name: 'Changes to save' });
    expect(within(diff).getAllByRole('row')).toHaveLength(2); // header + Result only
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(seen).toHaveLength(2);
    expect(seen[1]!.body).toEqual({ result: 'Mine', updated_at: theirs.updated_at });
    expect(db.tasks.get(ids.pausedTask)).toMatchObject({
      status: 'executing',
      source: 'slack',
      result: 'Mine',
    });
  });

  it('on 409 without a task in the body, re-reads it; Discard clears the draft', async () => {
    server.use(
      http.patch(api('/agent-execution/:taskId/update'), () =>
        HttpResponse.json(
          { detail: 'Task was modified concurrently; reload and retry' },
          { status: 409 },
        ),
      ),
    );
    const { user, dialog } = await openUpdate();
    await user.type(within(dialog).getByLabelText('Result'), 'Mine');
    writeAsSomeoneElse(ids.pausedTask, { status: 'failed' });
    await user.click(within(dialog).getByRole('button', { name: /Review changes/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('its status is now Failed');
    expect(loadUpdateDraft(ids.pausedTask)).not.toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Discard' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(loadUpdateDraft(ids.pausedTask)).toBeNull();
    expect(screen.getByTestId('status')).toHaveTextContent('Failed');
  });

  it('keeps the draft across a remount (a reload) and says it was restored', async () => {
    const first = await openUpdate();
    await first.user.type(within(first.dialog).getByLabelText('Result'), 'Half-written answer');
    await first.user.type(within(first.dialog).getByLabelText('Reason'), 'why');
    first.unmount();

    const { dialog } = await openUpdate();
    expect(within(dialog).getByLabelText('Result')).toHaveValue('Half-written answer');
    expect(within(dialog).getByLabelText('Reason')).toHaveValue('why');
    expect(within(dialog).getByText(/Restored your unsaved draft/)).toBeInTheDocument();
  });

  it('shows a failed save inline and in a toast, and keeps the draft', async () => {
    server.use(
      http.patch(api('/agent-execution/:taskId/update'), () =>
        HttpResponse.json({ detail: 'database is locked' }, { status: 503 }),
      ),
    );
    const { user, dialog } = await openUpdate();
    await user.type(within(dialog).getByLabelText('Result'), 'x');
    await user.click(within(dialog).getByRole('button', { name: /Review changes/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'http 503 · The server failed (503): database is locked',
    );
    expect(await screen.findByText('Could not update the task')).toBeInTheDocument();
    expect(loadUpdateDraft(ids.pausedTask)?.values.result).toBe('x');
  });
});
