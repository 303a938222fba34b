/// <reference lib="dom" />
import type { Page } from '@playwright/test';
import { api, appears, expect, faults, test } from './support.ts';

async function openUpdate(page: Page) {
  const button = page
    .getByRole('group', { name: 'Task actions' })
    .getByRole('button', { name: 'Update task' });
  const missing1 = !(await appears(button, 8_000));
  test.fail(missing1, 'missing product piece: "Update task" action on the detail');
  if (missing1) throw new Error('missing product piece: "Update task" action on the detail');
  await button.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

test.describe('mutations under concurrency', () => {
  test('R12 stale update gets 409: conflict shown, nothing overwritten, Discard and Re-apply work', async ({
    con,
    page,
    figures,
    ids,
  }) => {
    const task = await api.create(ids.draft, 'R12 conflict (no worker: stays pending)', {
      title: 'R12 conflict task',
    });
    await con.open(`/tasks/${task.id}`);
    await expect(page.getByRole('heading', { name: 'R12 conflict task' })).toBeVisible();

    for (const ending of ['discard', 'reapply'] as const) {
      const dialog = await openUpdate(page);
      await dialog.getByRole('textbox', { name: 'Result' }).fill(`mine (${ending})`);
      // A second writer changes the task while the dialog is open.
      const theirs = await api.patch(task.id, {
        result: `theirs (${ending})`,
        internal_status: `other writer ${ending}`,
      });
      expect(theirs.status).toBe(200);
      figures.injected();
      await faults.clearLog();
      await dialog.getByRole('button', { name: /review changes/i }).click();
      await dialog.getByRole('button', { name: /^save$/i }).click();
      await expect(dialog.getByRole('alert')).toContainText(/changed after you opened it/i);
      const patches = (await faults.log()).filter((e) => e.method === 'PATCH');
      expect(
        patches.map((p) => p.status),
        'one PATCH, answered 409, never retried silently',
      ).toEqual([409]);
      expect((await api.get(task.id)).result, 'the other writer’s value is not overwritten').toBe(
        `theirs (${ending})`,
      );

      if (ending === 'discard') {
        await dialog.getByRole('button', { name: 'Discard' }).click();
        await expect(page.getByRole('dialog')).toHaveCount(0);
        expect((await api.get(task.id)).result).toBe('theirs (discard)');
      } else {
        await dialog.getByRole('button', { name: 'Re-apply' }).click();
        await dialog.getByRole('button', { name: /^save$/i }).click();
        await expect(page.getByRole('dialog')).toHaveCount(0, { timeout: 10_000 });
        await expect.poll(async () => (await api.get(task.id)).result).toBe('mine (reapply)');
        // The other writer's field survives the re-apply.
        expect((await api.get(task.id)).internal_status).toBe('other writer reapply');
      }
      figures.survived();
    }
    expect(con.unexpectedPageErrors()).toEqual([]);
    await api.stop(task.id);
  });

  test('R13 stop a task that another writer already stopped: "already finished", no error toast', async ({
    con,
    page,
    figures,
    ids,
  }) => {
    const task = await api.create(ids.active, 'R13 wait for approval [hitl-hold] [fast]', {
      title: 'R13 stop race task',
    });
    await expect
      .poll(async () => (await api.get(task.id)).status, { timeout: 30_000 })
      .toBe('paused');
    // Hold the stream so the page does not learn of the other writer's stop before the click.
    await faults.add({ path: `/agent-execution/${task.id}/events$`, action: { kind: 'stall' } });
    await con.open(`/tasks/${task.id}?tab=overview`);
    await expect(page.getByRole('heading', { name: 'R13 stop race task' })).toBeVisible();
    await api.stop(task.id);
    figures.injected();
    const stop = page
      .getByRole('group', { name: 'Task actions' })
      .getByRole('button', { name: 'Stop task' });
    const missing2 = !(await appears(stop, 8_000));
    test.fail(missing2, 'missing product piece: "Stop task" action on the detail');
    if (missing2) throw new Error('missing product piece: "Stop task" action on the detail');
    await stop.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Stop task' }).click();
    await expect(page.getByText(/already (finished|stopped)/i).first()).toBeVisible();
    await expect(page.getByText(/could not stop/i)).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'R13 stop race task' })).toBeVisible();
    figures.survived();

    // A task that finished long ago: Stop is not offered as if it could work.
    const done = await api.create(ids.active, 'R13 done [quick] [fast]', {
      title: 'R13 finished task',
    });
    await api.waitTerminal(done.id);
    figures.injected();
    await con.open(`/tasks/${done.id}?tab=overview`);
    const stopDone = page
      .getByRole('group', { name: 'Task actions' })
      .getByRole('button', { name: 'Stop task' });
    await expect(stopDone).toBeVisible();
    const blocked = await stopDone.evaluate(
      (el) => el.getAttribute('aria-disabled') === 'true' || (el as HTMLButtonElement).disabled,
    );
    if (!blocked) {
      await stopDone.click();
      await page.getByRole('dialog').getByRole('button', { name: 'Stop task' }).click();
      await expect(page.getByText(/already (finished|stopped)/i).first()).toBeVisible();
    }
    await expect(page.getByText(/could not stop/i)).toHaveCount(0);
    figures.survived();
  });
});
