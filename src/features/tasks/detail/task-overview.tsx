import { CheckCircle2, Circle, FileText, ImageIcon } from 'lucide-react';
import { Link } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import type { Task } from '@/contract';
import { formatDuration } from '@/lib/time';
import { cn } from '@/lib/cn';
import { tryParseJson } from './json-preview';
import { JsonView, Markdown } from './lazy-viewers';
import type { ActivitySummary } from './summarize-activity';
import { TaskTree } from './task-tree';

const IMAGE_EXT = /\.(jpe?g|png|gif|bmp|tiff?|webp|svg)(\?|#|$)/i;

function Block({
  title,
  children,
  action,
  id,
}: {
  title: string;
  children: ReactNode;
  action?: ReactNode;
  id: string;
}) {
  return (
    <section aria-labelledby={id} className="flex min-w-0 flex-col gap-1.5">
      <div className="flex items-center gap-2">
        <h2 id={id} className="text-xs font-semibold tracking-wide text-muted uppercase">
          {title}
        </h2>
        {action && <div className="ml-auto flex items-center gap-1">{action}</div>}
      </div>
      {children}
    </section>
  );
}

export function WhatHappened({
  summary,
  taskId,
}: {
  summary: ActivitySummary | null;
  taskId: string;
}) {
  if (!summary) return null;
  const total = summary.phases.reduce((n, p) => n + p.ms, 0);
  const c = summary.counts;
  return (
    <Block title="What happened" id="what-happened-heading">
      <div className="grid gap-3 rounded-md border border-border bg-surface p-3 md:grid-cols-2">
        <div className="flex min-w-0 flex-col gap-2">
          <div>
            <div className="text-[11px] text-muted">Request</div>
            <p className="line-clamp-3 text-[13px] break-words whitespace-pre-wrap">
              {summary.request ?? '–'}
            </p>
          </div>
          <div>
            <div className="text-[11px] text-muted">Final answer</div>
            <p className="line-clamp-4 text-[13px] break-words whitespace-pre-wrap">
              {summary.finalAnswer ?? <span className="text-muted">No answer yet</span>}
            </p>
          </div>
          {summary.firstFailure && (
            <div className="rounded border border-red-200 bg-red-50 px-2 py-1.5 text-[13px] dark:border-red-900 dark:bg-red-950/40">
              <div className="text-[11px] font-medium text-red-700 dark:text-red-300">
                First failing step
              </div>
              <p className="font-medium text-fg">
                {summary.firstFailure.entryId ? (
                  <Link
                    to="/tasks/$taskId"
                    params={{ taskId }}
                    search={{ tab: 'activity', entry: summary.firstFailure.entryId } as never}
                    className="underline underline-offset-2"
                  >
                    {summary.firstFailure.title}
                  </Link>
                ) : (
                  summary.firstFailure.title
                )}
              </p>
              {summary.firstFailure.detail && (
                <p className="line-clamp-2 font-mono text-[12px] break-all text-muted">
                  {summary.firstFailure.detail}
                </p>
              )}
            </div>
          )}
        </div>
        <div className="flex min-w-0 flex-col gap-2">
          <div className="text-[11px] text-muted">
            {c.messages} messages · {c.toolCalls} tool calls
            {c.errors > 0 ? ` (${c.errors} failed)` : ''} · {c.reasoning} reasoning steps
            {c.subAgents > 0 ? ` · ${c.subAgents} sub-agents` : ''}
            {summary.totalMs !== null ? ` · ${formatDuration(summary.totalMs)} in all` : ''}
          </div>
          {summary.phases.length > 0 && total > 0 ? (
            <ul className="flex flex-col gap-1" aria-label="Time per phase">
              {summary.phases.map((p) => (
                <li
                  key={p.phase}
                  className="grid grid-cols-[8rem_1fr_4.5rem] items-center gap-2 text-xs"
                >
                  <span className="truncate text-fg">{p.phase}</span>
                  <span className="h-1.5 overflow-hidden rounded-full bg-surface-2" aria-hidden>
                    <span
                      className="block h-full rounded-full bg-accent"
                      style={{ width: `${Math.max(2, (p.ms / total) * 100)}%` }}
                    />
                  </span>
                  <span className="text-right text-muted tabular">{formatDuration(p.ms)}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-xs text-muted">No timing in the activity log yet.</p>
          )}
        </div>
      </div>
    </Block>
  );
}

function InputFiles({ files }: { files: readonly string[] }) {
  const [showImages, setShowImages] = useState(false);
  const images = files.filter((f) => IMAGE_EXT.test(f));
  return (
    <div className="flex flex-col gap-1.5">
      <ul className="flex flex-wrap gap-1.5">
        {files.map((f) => (
          <li key={f}>
            <a
              href={f}
              target="_blank"
              rel="noopener noreferrer"
              title={f}
              className="inline-flex max-w-72 items-center gap-1 rounded border border-border bg-surface px-1.5 py-0.5 text-xs text-accent hover:underline"
            >
              {IMAGE_EXT.test(f) ? (
                <ImageIcon className="h-3.5 w-3.5 shrink-0" aria-hidden />
              ) : (
                <FileText className="h-3.5 w-3.5 shrink-0" aria-hidden />
              )}
              <span className="truncate">
                {decodeURIComponent(f.split('/').pop()?.split('?')[0] || f)}
              </span>
            </a>
          </li>
        ))}
      </ul>
      {images.length > 0 &&
        (showImages ? (
          <div className="flex flex-wrap gap-2">
            {images.map((src) => (
              <a key={src} href={src} target="_blank" rel="noopener noreferrer">
                <img
                  src={src}
                  alt={`Input file ${src.split('/').pop() ?? ''}`}
                  referrerPolicy="no-referrer"
                  loading="lazy"
                  className="h-24 w-auto rounded border border-border object-contain"
                />
              </a>
            ))}
          </div>
        ) : (
          <Button size="sm" className="self-start" onClick={() => setShowImages(true)}>
            <ImageIcon className="h-3.5 w-3.5" aria-hidden />
            Load images ({images.length})
          </Button>
        ))}
    </div>
  );
}

export function TaskResult({ task }: { task: Task }) {
  const result = task.result;
  if (result == null || result === '') {
    return (
      <Block title="Result" id="result-heading">
        <p className="text-[13px] text-muted">
          {task.status === 'executing' || task.status === 'pending'
            ? 'No result yet: the task is still running.'
            : 'No result.'}
        </p>
      </Block>
    );
  }
  const json = task.output_format === 'json' ? tryParseJson(result) : null;
  return (
    <Block
      title="Result"
      id="result-heading"
      action={<CopyButton value={result} label="Copy result" />}
    >
      <div
        className={cn(
          'rounded-md border border-border p-3',
          (task.status === 'failed' || task.status === 'error') &&
            'border-red-200 dark:border-red-900',
        )}
      >
        {json ? (
          <JsonView
            value={json.value}
            label="Result JSON"
            fileName={`task-${task.id}-result`}
            openDepth={3}
          />
        ) : task.output_format === 'text' ? (
          <p className="text-[13px] break-words whitespace-pre-wrap">{result}</p>
        ) : (
          <Markdown text={result} />
        )}
      </div>
    </Block>
  );
}

export function DeepPlan({ task }: { task: Task }) {
  const plan = task.deep_planning;
  const steps = plan?.tasks ?? [];
  if (!plan?.enabled && steps.length === 0) return null;
  const done = steps.filter((s) => s.completed).length;
  return (
    <Block title={`Plan ${done}/${steps.length}`} id="plan-heading">
      <ul className="flex flex-col gap-1 text-[13px]" aria-label="Deep-planning checklist">
        {steps.map((s) => (
          <li key={s.id} className="flex items-start gap-2">
            {s.completed ? (
              <CheckCircle2
                className="mt-0.5 h-4 w-4 shrink-0 text-emerald-600 dark:text-emerald-400"
                aria-label="Done"
              />
            ) : (
              <Circle className="mt-0.5 h-4 w-4 shrink-0 text-muted" aria-label="Not done" />
            )}
            <span className={cn(s.completed && 'text-muted line-through')}>{s.title}</span>
          </li>
        ))}
        {steps.length === 0 && <li className="text-muted">Planning is on; no steps yet.</li>}
      </ul>
      {plan?.question_raised && (
        <p className="text-xs text-amber-700 dark:text-amber-300">
          The agent raised a question while planning.
        </p>
      )}
    </Block>
  );
}

export function TaskOverview({ task, summary }: { task: Task; summary: ActivitySummary | null }) {
  const files = task.input.files ?? [];
  return (
    <div className="flex flex-col gap-5 px-4 py-4">
      <WhatHappened summary={summary} taskId={task.id} />
      <div className="grid gap-5 xl:grid-cols-2">
        <Block
          title="Input"
          id="input-heading"
          action={
            task.input.text ? <CopyButton value={task.input.text} label="Copy input" /> : undefined
          }
        >
          <div className="flex flex-col gap-2 rounded-md border border-border p-3">
            {task.input.text ? (
              <Markdown text={task.input.text} />
            ) : (
              <p className="text-[13px] text-muted">No text.</p>
            )}
            {files.length > 0 && <InputFiles files={files} />}
          </div>
          {(task.instructions_override || task.additional_context || task.expected_output) && (
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-[13px]">
              {task.instructions_override && (
                <>
                  <dt className="text-xs text-muted">Instructions override</dt>
                  <dd className="break-words whitespace-pre-wrap">{task.instructions_override}</dd>
                </>
              )}
              {task.additional_context && (
                <>
                  <dt className="text-xs text-muted">Additional context</dt>
                  <dd className="break-words whitespace-pre-wrap">{task.additional_context}</dd>
                </>
              )}
              {task.expected_output && (
                <>
                  <dt className="text-xs text-muted">Expected output</dt>
                  <dd className="break-words whitespace-pre-wrap">{task.expected_output}</dd>
                </>
              )}
            </dl>
          )}
        </Block>
        <TaskResult task={task} />
      </div>
      <div className="grid gap-5 xl:grid-cols-2">
        <DeepPlan task={task} />
        <TaskTree task={task} />
      </div>
      {(task.payload_extension || task.output_schema) && (
        <div className="grid gap-5 xl:grid-cols-2">
          {task.payload_extension && (
            <Block title="Payload extension" id="payload-extension-heading">
              <JsonView
                value={task.payload_extension}
                label="Payload extension"
                fileName={`task-${task.id}-payload-extension`}
              />
            </Block>
          )}
          {task.output_schema && (
            <Block
              title={`Output schema (${task.output_format ?? 'text'})`}
              id="output-schema-heading"
            >
              <JsonView
                value={task.output_schema}
                label="Output schema"
                fileName={`task-${task.id}-output-schema`}
              />
            </Block>
          )}
        </div>
      )}
    </div>
  );
}
