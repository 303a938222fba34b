import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TASK_STATUSES } from '@/contract';
import { getStatusDisplay, STATUS_DISPLAY, StatusBadge } from './status-display';

describe('status display table', () => {
  it('describes every status with a distinct label and icon', () => {
    const labels = new Set(TASK_STATUSES.map((s) => STATUS_DISPLAY[s].label));
    const icons = new Set(TASK_STATUSES.map((s) => STATUS_DISPLAY[s].Icon));
    expect(labels.size).toBe(TASK_STATUSES.length);
    expect(icons.size).toBe(TASK_STATUSES.length);
    for (const s of TASK_STATUSES) {
      expect(STATUS_DISPLAY[s].description.length).toBeGreaterThan(10);
      // Both themes are styled: a dark: variant for text and background.
      expect(STATUS_DISPLAY[s].badgeClass).toMatch(/dark:text-/);
      expect(STATUS_DISPLAY[s].badgeClass).toMatch(/dark:bg-/);
    }
  });

  it.each(TASK_STATUSES)('renders %s as icon plus text, never colour alone', (status) => {
    const { container } = render(<StatusBadge status={status} />);
    expect(screen.getByText(STATUS_DISPLAY[status].label)).toBeInTheDocument();
    expect(container.querySelector('svg')).not.toBeNull();
    expect(container.firstElementChild).toHaveAttribute(
      'title',
      expect.stringContaining(STATUS_DISPLAY[status].description),
    );
  });

  it('names the internal status in the tooltip', () => {
    render(<StatusBadge status="paused" internalStatus="waiting for finance" />);
    expect(screen.getByText('Paused').closest('[title]')).toHaveAttribute(
      'title',
      expect.stringContaining('Internal status: waiting for finance'),
    );
  });

  it('shows an unknown status by its own name instead of crashing', () => {
    expect(getStatusDisplay('running').label).toBe('running');
    render(<StatusBadge status={'running' as never} />);
    expect(screen.getByText('running')).toBeInTheDocument();
  });
});
