import { useNavigate } from '@tanstack/react-router';
import { Bookmark, Link2, Trash2 } from 'lucide-react';
import { toast } from 'sonner';
import { copyText } from '@/components/ui/copy-button';
import { usePreferences } from '@/stores/preferences-store';

/** Built-in starting points; plain links, so they behave like any saved view. */
export const BUILT_IN_VIEWS = [
  { name: 'Failed today', href: '/tasks?status=%5B%22error%22%2C%22failed%22%5D&range=24h' },
  { name: 'Running now', href: '/tasks?status=%5B%22executing%22%5D' },
  { name: 'Waiting (paused)', href: '/tasks?status=%5B%22paused%22%5D' },
] as const;

export function SavedViewsPanel() {
  const views = usePreferences((s) => s.savedViews);
  const deleteView = usePreferences((s) => s.deleteView);
  const navigate = useNavigate();
  const linkClass = 'block truncate rounded px-2 py-1 text-[13px] text-fg hover:bg-surface-2';
  return (
    <nav aria-label="Saved views" className="flex flex-col gap-1">
      <h2 className="px-2 pt-3 pb-1 text-[11px] font-semibold tracking-wide text-muted uppercase">
        Views
      </h2>
      <ul className="flex flex-col">
        {BUILT_IN_VIEWS.map((v) => (
          <li key={v.name}>
            <a
              href={v.href}
              className={linkClass}
              onClick={(e) => {
                e.preventDefault();
                void navigate({ href: v.href });
              }}
            >
              {v.name}
            </a>
          </li>
        ))}
      </ul>
      <h2 className="px-2 pt-3 pb-1 text-[11px] font-semibold tracking-wide text-muted uppercase">
        Saved
      </h2>
      {views.length === 0 ? (
        <p className="px-2 text-xs text-muted">
          <Bookmark className="mr-1 inline h-3 w-3" aria-hidden />
          Save a filtered list to find it here.
        </p>
      ) : (
        <ul className="flex flex-col">
          {views.map((v) => (
            <li key={v.id} className="group flex items-center gap-0.5">
              <a
                href={v.href}
                title={v.href}
                className={`${linkClass} min-w-0 flex-1`}
                onClick={(e) => {
                  e.preventDefault();
                  void navigate({ href: v.href });
                }}
              >
                {v.name}
              </a>
              <button
                type="button"
                aria-label={`Copy link to view ${v.name}`}
                title="Copy link"
                className="rounded p-1 text-muted opacity-0 group-focus-within:opacity-100 group-hover:opacity-100 hover:bg-surface-2 hover:text-fg"
                onClick={async () => {
                  const ok = await copyText(new URL(v.href, window.location.origin).toString());
                  if (ok) toast.success('Link copied');
                  else toast.error('Could not copy the link');
                }}
              >
                <Link2 className="h-3.5 w-3.5" aria-hidden />
              </button>
              <button
                type="button"
                aria-label={`Delete view ${v.name}`}
                title="Delete view"
                className="rounded p-1 text-muted opacity-0 group-focus-within:opacity-100 group-hover:opacity-100 hover:bg-surface-2 hover:text-danger"
                onClick={() => {
                  deleteView(v.id);
                  toast(`Deleted view "${v.name}"`);
                }}
              >
                <Trash2 className="h-3.5 w-3.5" aria-hidden />
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
