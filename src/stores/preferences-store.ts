import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

export type ThemePreference = 'light' | 'dark' | 'system';
export type Density = 'compact' | 'comfortable';
/** 'auto' = 3 s while something in view is running, else 15 s. */
export type RefreshInterval = 'auto' | 5 | 15 | 30 | 60;

export interface SavedView {
  id: string;
  name: string;
  /** Path plus search string, e.g. `/tasks?status=%5B%22failed%22%5D`. */
  href: string;
  createdAt: number;
}

export interface Preferences {
  theme: ThemePreference;
  density: Density;
  /** TanStack Table visibility state: only an explicit `false` hides a column. */
  columnVisibility: Record<string, boolean>;
  refreshInterval: RefreshInterval;
  savedViews: SavedView[];
  recentUsers: string[];
}

interface PreferenceActions {
  setTheme: (theme: ThemePreference) => void;
  setDensity: (density: Density) => void;
  setColumnVisibility: (visibility: Record<string, boolean>) => void;
  setRefreshInterval: (interval: RefreshInterval) => void;
  saveView: (name: string, href: string) => SavedView;
  deleteView: (id: string) => void;
  rememberUser: (userId: string) => void;
  forgetUser: (userId: string) => void;
}

export const DEFAULT_PREFERENCES: Preferences = {
  theme: 'system',
  density: 'compact',
  columnVisibility: { internal_status: false, source: false },
  refreshInterval: 'auto',
  savedViews: [],
  recentUsers: [],
};

const MAX_RECENT_USERS = 8;

function newId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** Client preferences only; anything a person would share lives in the URL instead. */
export const usePreferences = create<Preferences & PreferenceActions>()(
  persist(
    (set) => ({
      ...DEFAULT_PREFERENCES,
      setTheme: (theme) => set({ theme }),
      setDensity: (density) => set({ density }),
      setColumnVisibility: (columnVisibility) => set({ columnVisibility }),
      setRefreshInterval: (refreshInterval) => set({ refreshInterval }),
      saveView: (name, href) => {
        const view: SavedView = {
          id: newId(),
          name: name.trim() || 'Untitled view',
          href,
          createdAt: Date.now(),
        };
        set((s) => ({ savedViews: [...s.savedViews, view] }));
        return view;
      },
      deleteView: (id) => set((s) => ({ savedViews: s.savedViews.filter((v) => v.id !== id) })),
      rememberUser: (userId) =>
        set((s) => ({
          recentUsers: [userId, ...s.recentUsers.filter((u) => u !== userId)].slice(
            0,
            MAX_RECENT_USERS,
          ),
        })),
      forgetUser: (userId) =>
        set((s) => ({ recentUsers: s.recentUsers.filter((u) => u !== userId) })),
    }),
    {
      name: 'tasks-console:preferences',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({
        theme: s.theme,
        density: s.density,
        columnVisibility: s.columnVisibility,
        refreshInterval: s.refreshInterval,
        savedViews: s.savedViews,
        recentUsers: s.recentUsers,
      }),
    },
  ),
);

export function resetPreferences(): void {
  usePreferences.setState(DEFAULT_PREFERENCES);
}
