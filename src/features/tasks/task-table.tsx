import { useTable, type SortingState } from '@tanstack/react-table';
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import { useEffect, useMemo, useRef, type MouseEvent, type ReactNode } from 'react';
import type { Density } from '@/stores/preferences-store';
import { cn } from '@/lib/cn';
import { COLUMN_INFO, TASK_COLUMNS, taskColumns, taskTableFeatures } from './task-columns';
import type { TaskRow } from './task-rows';
import type { SortableColumn } from './task-search';

export const ROW_HEIGHT: Record<Density, number> = { compact: 34, comfortable: 44 };

export interface TaskTableProps {
  rows: TaskRow[];
  sort: { sort: SortableColumn; dir: 'asc' | 'desc' };
  onSortChange: (sort: { sort: SortableColumn; dir: 'asc' | 'desc' }) => void;
  density: Density;
  columnVisibility: Record<string, boolean>;
  activeIndex: number | null;
  onActiveIndexChange: (index: number) => void;
  selected: ReadonlySet<string>;
  onToggleSelected: (id: string) => void;
  /** Selects (true) or clears (false) every row in view, i.e. every row matching the filter. */
  onSelectAll?: (select: boolean) => void;
  onOpen: (row: TaskRow) => void;
  /** A trailing cell per row (the row's action menu). */
  renderRowActions?: (row: TaskRow) => ReactNode;
}

const FALLBACK_RECT = { width: 1200, height: 800 };
const INTERACTIVE = 'a,button,input,label,select,textarea';

export function TaskTable({
  rows,
  sort,
  onSortChange,
  density,
  columnVisibility,
  activeIndex,
  onActiveIndexChange,
  selected,
  onToggleSelected,
  onSelectAll,
  onOpen,
  renderRowActions,
}: TaskTableProps) {
  const sorting = useMemo<SortingState>(
    () => [{ id: sort.sort, desc: sort.dir === 'desc' }],
    [sort.sort, sort.dir],
  );
  const table = useTable({
    features: taskTableFeatures,
    columns: taskColumns,
    data: rows,
    getRowId: (row) => row.id,
    manualSorting: true,
    enableSortingRemoval: false,
    state: { sorting, columnVisibility },
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      const first = next[0];
      if (first)
        onSortChange({ sort: first.id as SortableColumn, dir: first.desc ? 'desc' : 'asc' });
    },
  });

  const visibleColumns = table.getVisibleLeafColumns();
  const template = `36px ${visibleColumns.map((c) => COLUMN_INFO.get(c.id as SortableColumn)?.width ?? '1fr').join(' ')}${renderRowActions ? ' 40px' : ''}`;
  const selectedInView = rows.reduce((n, r) => (selected.has(r.id) ? n + 1 : n), 0);
  const allInView = rows.length > 0 && selectedInView === rows.length;
  const tableRows = table.getRowModel().rows;
  const rowHeight = ROW_HEIGHT[density];

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    getItemKey: (index) => tableRows[index]?.id ?? index,
    overscan: 12,
    // Before layout (first paint, jsdom) the container measures 0; assume a screenful of rows.
    initialRect: FALLBACK_RECT,
    observeElementRect: (instance, cb) =>
      observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : FALLBACK_RECT)),
  });

  useEffect(() => {
    virtualizer.measure();
  }, [rowHeight, virtualizer]);

  useEffect(() => {
    if (activeIndex !== null) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, virtualizer]);

  const onRowClick = (e: MouseEvent, row: TaskRow, index: number) => {
    if ((e.target as HTMLElement).closest(INTERACTIVE)) return;
    onActiveIndexChange(index);
    onOpen(row);
  };

  return (
    <div
      ref={scrollRef}
      className="relative min-h-0 flex-1 overflow-auto"
      // Scroll container is focusable so keyboard users can scroll it without a mouse.
      tabIndex={-1}
    >
      {/* CSS grid strips Chromium's implicit table semantics; the explicit roles restore them. */}
      <table
        role="table"
        aria-label="Tasks"
        aria-rowcount={tableRows.length + 1}
        className="grid min-w-[960px] text-[13px]"
      >
        <thead role="rowgroup" className="sticky top-0 z-10 grid border-b border-border bg-surface">
          {table.getHeaderGroups().map((group) => (
            <tr
              role="row"
              key={group.id}
              aria-rowindex={1}
              className="grid"
              style={{ gridTemplateColumns: template }}
            >
              <th role="columnheader" scope="col" className="flex items-center justify-center">
                {onSelectAll ? (
                  <input
                    type="checkbox"
                    aria-label={
                      allInView
                        ? `Clear selection of all ${rows.length} matching tasks`
                        : `Select all ${rows.length} matching tasks`
                    }
                    checked={allInView}
                    ref={(el) => {
                      if (el) el.indeterminate = selectedInView > 0 && !allInView;
                    }}
                    onChange={() => onSelectAll(!allInView)}
                    className="h-3.5 w-3.5 accent-[var(--accent)]"
                  />
                ) : (
                  <span className="sr-only">Selected</span>
                )}
              </th>
              {group.headers.map((header) => {
                const info = COLUMN_INFO.get(header.column.id as SortableColumn);
                const sorted = header.column.getIsSorted();
                return (
                  <th
                    role="columnheader"
                    key={header.id}
                    scope="col"
                    aria-label={info?.label}
                    aria-sort={
                      sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'
                    }
                    className={cn(
                      'flex min-w-0 items-center px-2 py-1.5 text-left text-xs font-medium text-muted',
                      info?.align === 'end' && 'justify-end',
                    )}
                  >
                    <button
                      type="button"
                      aria-label={`Sort by ${info?.label ?? header.column.id}`}
                      onClick={() =>
                        onSortChange({
                          sort: header.column.id as SortableColumn,
                          // A fresh column starts newest/largest first for times and durations.
                          dir: sorted
                            ? sorted === 'desc'
                              ? 'asc'
                              : 'desc'
                            : ['created', 'updated', 'duration'].includes(header.column.id)
                              ? 'desc'
                              : 'asc',
                        })
                      }
                      className="group inline-flex min-w-0 items-center gap-1 rounded px-1 py-0.5 hover:bg-surface-2 hover:text-fg"
                    >
                      <span className="truncate">{info?.label ?? header.column.id}</span>
                      {sorted === 'asc' ? (
                        <ArrowUp className="h-3 w-3 shrink-0 text-fg" aria-hidden />
                      ) : sorted === 'desc' ? (
                        <ArrowDown className="h-3 w-3 shrink-0 text-fg" aria-hidden />
                      ) : (
                        <ArrowUpDown
                          className="h-3 w-3 shrink-0 opacity-0 group-hover:opacity-60"
                          aria-hidden
                        />
                      )}
                    </button>
                  </th>
                );
              })}
              {renderRowActions && (
                <th role="columnheader" scope="col" className="flex items-center justify-center">
                  <span className="sr-only">Actions</span>
                </th>
              )}
            </tr>
          ))}
        </thead>
        <tbody
          role="rowgroup"
          className="relative grid"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {virtualizer.getVirtualItems().map((item) => {
            const row = tableRows[item.index];
            if (!row) return null;
            const isActive = activeIndex === item.index;
            const isSelected = selected.has(row.id);
            return (
              <tr
                role="row"
                key={row.id}
                data-index={item.index}
                data-active={isActive || undefined}
                aria-rowindex={item.index + 2}
                aria-selected={isSelected}
                onClick={(e) => onRowClick(e, row.original, item.index)}
                className={cn(
                  'absolute inset-x-0 grid cursor-pointer items-center border-b border-border/70',
                  isSelected ? 'bg-accent-soft' : isActive ? 'bg-row-active' : 'hover:bg-row-hover',
                  isActive && 'shadow-[inset_2px_0_0_var(--accent)]',
                )}
                style={{
                  height: rowHeight,
                  transform: `translateY(${item.start}px)`,
                  gridTemplateColumns: template,
                }}
              >
                <td role="cell" className="flex items-center justify-center">
                  <input
                    type="checkbox"
                    aria-label={`Select task ${row.original.label || row.id}`}
                    checked={isSelected}
                    onChange={() => onToggleSelected(row.id)}
                    className="h-3.5 w-3.5 accent-[var(--accent)]"
                  />
                </td>
                {row.getVisibleCells().map((cell) => (
                  <td
                    role="cell"
                    key={cell.id}
                    className={cn(
                      'flex min-w-0 items-center overflow-hidden px-3 whitespace-nowrap',
                      COLUMN_INFO.get(cell.column.id as SortableColumn)?.align === 'end' &&
                        'justify-end',
                    )}
                  >
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
                {renderRowActions && (
                  <td role="cell" className="flex items-center justify-center">
                    {renderRowActions(row.original)}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export { TASK_COLUMNS };
