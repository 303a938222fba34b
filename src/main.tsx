import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { setRequestInterceptor } from '@/api';
import { App } from '@/app/app-providers';
import { createQueryClient } from '@/app/query-client';
import { createAppRouter } from '@/app/router';
import { csrfHeaders, shouldRetryAfterCsrfFailure } from '@/features/auth';
import { applyTheme } from '@/hooks/use-theme-effect';
import { usePreferences } from '@/stores/preferences-store';
import './index.css';

// zod compiles fast paths with new Function, which the strict CSP forbids (each attempt is a
// CSP violation report); it would fall back anyway, so say so up front.
z.config({ jitless: true });

// Set the theme class before the first paint; there is no inline script (strict CSP).
applyTheme(usePreferences.getState().theme);

// Every write through the gateway carries its CSRF token; a stale one is refreshed once.
setRequestInterceptor({ headers: csrfHeaders, retry: shouldRetryAfterCsrfFailure });

const queryClient = createQueryClient();
const router = createAppRouter(queryClient);

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App queryClient={queryClient} router={router} />
  </StrictMode>,
);
