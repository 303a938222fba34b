import { useEffect } from 'react';
import { usePreferences, type ThemePreference } from '@/stores/preferences-store';

const DARK_QUERY = '(prefers-color-scheme: dark)';

export function applyTheme(theme: ThemePreference): void {
  const dark = theme === 'dark' || (theme === 'system' && window.matchMedia(DARK_QUERY).matches);
  document.documentElement.classList.toggle('dark', dark);
}

/** Keeps the `.dark` class on <html> in step with the preference and, for "system", the OS. */
export function useThemeEffect(): void {
  const theme = usePreferences((s) => s.theme);
  useEffect(() => {
    applyTheme(theme);
    if (theme !== 'system') return;
    const media = window.matchMedia(DARK_QUERY);
    const onChange = () => applyTheme('system');
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, [theme]);
}
