import { Download } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { downloadText } from '@/lib/download';
import { cn } from '@/lib/cn';
import { formatBytes, LARGE_VALUE_BYTES, measureJson, previewJson } from './json-preview';

export interface JsonViewerProps {
  value: unknown;
  /** Base name of the downloaded file, without extension. */
  fileName?: string;
  /** Accessible name of the viewer, e.g. "Tool result". */
  label?: string;
  /** Objects deeper than this start collapsed. */
  openDepth?: number;
  className?: string;
}

const MAX_CHILDREN = 200;

function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return typeof v === 'object' && v !== null;
}

function Leaf({ value }: { value: unknown }) {
  if (typeof value === 'string')
    return (
      <span className="break-all whitespace-pre-wrap text-emerald-700 dark:text-emerald-300">
        {JSON.stringify(value)}
      </span>
    );
  if (typeof value === 'number')
    return <span className="text-blue-700 dark:text-blue-300">{value}</span>;
  if (typeof value === 'boolean')
    return <span className="text-violet-700 dark:text-violet-300">{String(value)}</span>;
  return <span className="text-muted">{value === undefined ? 'undefined' : 'null'}</span>;
}

function Node({
  name,
  value,
  depth,
  openDepth,
}: {
  name: string | null;
  value: unknown;
  depth: number;
  openDepth: number;
}) {
  const [limit, setLimit] = useState(MAX_CHILDREN);
  const keyLabel = name === null ? null : <span className="text-fg">{name}: </span>;
  if (!isContainer(value)) {
    return (
      <div className="pl-4">
        {keyLabel}
        <Leaf value={value} />
      </div>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value);
  const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) {
    return (
      <div className="pl-4">
        {keyLabel}
        <span className="text-muted">{brackets.join('')}</span>
      </div>
    );
  }
  return (
    <details open={depth < openDepth} className="pl-4 [&[open]>summary>.summary-count]:hidden">
      <summary className="-ml-4 min-h-6 cursor-pointer list-inside marker:text-muted">
        {keyLabel}
        <span className="text-muted">{brackets[0]}</span>
        <span className="summary-count text-muted">
          {' '}
          {entries.length} {Array.isArray(value) ? 'items' : 'keys'} {brackets[1]}
        </span>
      </summary>
      {entries.slice(0, limit).map(([k, v]) => (
        <Node
          key={k}
          name={Array.isArray(value) ? null : k}
          value={v}
          depth={depth + 1}
          openDepth={openDepth}
        />
      ))}
      {entries.length > limit && (
        <button
          type="button"
          className="pl-4 text-accent hover:underline"
          onClick={() => setLimit((l) => l + MAX_CHILDREN)}
        >
          Show {Math.min(MAX_CHILDREN, entries.length - limit)} more of {entries.length - limit}
        </button>
      )}
      <div className="text-muted">{brackets[1]}</div>
    </details>
  );
}

function download(value: unknown, fileName: string) {
  if (typeof value === 'string') downloadText(`${fileName}.txt`, value, 'text/plain');
  else downloadText(`${fileName}.json`, JSON.stringify(value, null, 2), 'application/json');
}

/**
 * A JSON value, safe at any size. Up to 256 KB: a collapsible tree (strings as text). Above:
 * a bounded preview and a download; the full value is serialised only into the file.
 */
export default function JsonViewer({
  value,
  fileName = 'value',
  label = 'JSON value',
  openDepth = 2,
  className,
}: JsonViewerProps) {
  const size = useMemo(() => measureJson(value, LARGE_VALUE_BYTES), [value]);
  const large = size > LARGE_VALUE_BYTES;
  const preview = useMemo(() => (large ? previewJson(value) : null), [large, value]);
  const box =
    'max-h-96 overflow-auto rounded-md border border-border bg-surface p-2 font-mono text-[12px] leading-5';

  if (large && preview) {
    return (
      <div role="group" aria-label={label} className={cn('flex flex-col gap-1.5', className)}>
        <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
          <span>
            Large value (over {formatBytes(LARGE_VALUE_BYTES)}, about {formatBytes(size)} or more):
            showing a preview.
          </span>
          <Button size="sm" onClick={() => download(value, fileName)}>
            <Download className="h-3.5 w-3.5" aria-hidden />
            Download
          </Button>
        </div>
        <pre data-testid="json-preview" className={cn(box, 'whitespace-pre-wrap')}>
          {preview.text}
        </pre>
      </div>
    );
  }

  const copyText =
    typeof value === 'string' ? value : (JSON.stringify(value, null, 2) ?? String(value));
  return (
    <div role="group" aria-label={label} className={cn('group/json relative', className)}>
      <div className="absolute top-1 right-1 z-10 flex gap-0.5 rounded bg-surface opacity-60 group-hover/json:opacity-100">
        <CopyButton value={copyText} label={`Copy ${label.toLowerCase()}`} size="md" />
        <button
          type="button"
          aria-label={`Download ${label.toLowerCase()}`}
          title="Download"
          className="inline-flex h-6 w-6 items-center justify-center rounded text-muted hover:bg-surface-2 hover:text-fg"
          onClick={() => download(value, fileName)}
        >
          <Download className="h-3.5 w-3.5" aria-hidden />
        </button>
      </div>
      {typeof value === 'string' ? (
        <pre className={cn(box, 'pr-14 whitespace-pre-wrap')}>{value}</pre>
      ) : (
        <div className={cn(box, 'pr-14 -ml-4 pl-2')}>
          <Node name={null} value={value} depth={0} openDepth={openDepth} />
        </div>
      )}
    </div>
  );
}
