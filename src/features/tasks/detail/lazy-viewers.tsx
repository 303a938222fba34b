import { lazy, Suspense, type ComponentProps } from 'react';
import { Skeleton } from '@/components/ui/skeleton';

// The markdown pipeline (unified, remark, rehype) and the JSON tree are the heaviest code on
// the detail screen; they load on first use, not with the app.
const SafeMarkdownImpl = lazy(() => import('./safe-markdown'));
const JsonViewerImpl = lazy(() => import('./json-viewer'));

export function Markdown(props: ComponentProps<typeof SafeMarkdownImpl>) {
  return (
    <Suspense fallback={<Skeleton className="h-4 w-2/3" />}>
      <SafeMarkdownImpl {...props} />
    </Suspense>
  );
}

export function JsonView(props: ComponentProps<typeof JsonViewerImpl>) {
  return (
    <Suspense fallback={<Skeleton className="h-16 w-full" />}>
      <JsonViewerImpl {...props} />
    </Suspense>
  );
}
