import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import JsonViewer from './json-viewer';

describe('JsonViewer', () => {
  it('shows a 5 MB value as a bounded preview with a download', () => {
    const value = {
      rows: Array.from({ length: 50_000 }, (_, i) => ({
        id: i,
        text: 'lorem ipsum dolor sit amet '.repeat(4),
      })),
    };
    const { container } = render(<JsonViewer value={value} label="Tool result" />);
    expect(screen.getByRole('button', { name: 'Download' })).toBeInTheDocument();
    expect(screen.getByText(/Large value/)).toBeInTheDocument();
    expect(container.textContent!.length).toBeLessThan(12_000);
  });

  it('shows a small value as a collapsible tree with copy and download', () => {
    render(<JsonViewer value={{ invoices: ['INV-1043'], total: 12480 }} label="Result JSON" />);
    expect(screen.getByText('"INV-1043"')).toBeInTheDocument();
    expect(screen.getByText('12480')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy result json' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download result json' })).toBeInTheDocument();
  });
});
