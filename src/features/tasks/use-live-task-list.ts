import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ApiError } from '@/api';
import { isTerminalStatus, type TasksListItem } from '@/contract';
import { useDocumentVisible } from '@/hooks/use-document-visible';
import type { RefreshInterval } from '@/stores/preferences-store';
import { taskQueries } from './task-queries';
import type { ApiTaskFilters, TaskScope } from './task-search';

export const FAST_REFRESH_MS = 3_000;

/** A rate-limited or unavailable server said when to come back; polling waits that long. */
export function honourRetryAfter(interval: number | false, error: unknown): number | false {
  if (interval === false || !(error instanceof ApiError) || error.retryAfterMs === undefined)
    return interval;
  return Math.max(interval, error.retryAfterMs);
}
export const SLOW_REFRESH_MS = 15_000;

/** 3 s while any row is still running, else 15 s; a fixed choice overrides; never while hidden or paused. */
export function refreshIntervalFor(
  items: readonly TasksListItem[] | undefined,
  preference: RefreshInterval,
  paused: boolean,
  visible: boolean,
): number | false {
  if (paused || !visible) return false;
  if (preference !== 'auto') return preference * 1000;
  return items?.some((t) => !isTerminalStatus(t.status)) ? FAST_REFRESH_MS : SLOW_REFRESH_MS;
}

/**
 * Rows that arrived after the person started looking. They wait behind an "N new tasks" pill
 * instead of pushing the rows being read down the page.
 */
export function splitNewItems(
  items: readonly TasksListItem[],
  known: ReadonlySet<string> | null,
): { shown: TasksListItem[]; fresh: TasksListItem[] } {
  if (!known || known.size === 0) return { shown: [...items], fresh: [] };
  const shown: TasksListItem[] = [];
  const fresh: TasksListItem[] = [];
  for (const item of items) (known.has(item.id) ? shown : fresh).push(item);
  return { shown, fresh };
}

interface Options {
  refreshInterval: RefreshInterval;
  paused: boolean;
}

export function useLiveTaskList(
  scope: TaskScope,
  filters: ApiTaskFilters,
  { refreshInterval, paused }: Options,
) {
  const visible = useDocumentVisible();
  const query = useQuery({
    ...taskQueries.list(scope, filters),
    placeholderData: keepPreviousData,
    refetchInterval: (q) =>
      honourRetryAfter(
        refreshIntervalFor(q.state.data, refreshInterval, paused, visible),
        q.state.error,
      ),
    refetchIntervalInBackground: false,
  });

  const key = JSON.stringify([scope, filters]);
  const [baseline, setBaseline] = useState<{ key: string; ids: ReadonlySet<string> } | null>(null);
  const data = query.isPlaceholderData ? undefined : query.data;
  // A new scope or filter set starts a new baseline: everything in its first answer is "seen".
  if (data && baseline?.key !== key) {
    setBaseline({ key, ids: new Set(data.map((t) => t.id)) });
  }

  const { shown, fresh } = useMemo(
    () => splitNewItems(query.data ?? [], baseline?.key === key ? baseline.ids : null),
    [query.data, baseline, key],
  );

  const showNew = () => {
    if (query.data) setBaseline({ key, ids: new Set(query.data.map((t) => t.id)) });
  };

  return {
    query,
    items: shown,
    freshCount: fresh.length,
    showNew,
    visible,
    live: !paused && visible,
  };
}
