import fc from 'fast-check';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { sampleSseStream } from '@/contract/fixtures/xpander-samples';
import { server } from '@/mocks/node';
import { ApiError } from './api-error';
import { openSse, readSseStream, type SseMessage } from './sse';

const encoder = new TextEncoder();

/** A byte stream that delivers `bytes` cut at the given offsets, then closes (or errors). */
function streamOf(bytes: Uint8Array, cuts: number[] = [], end: 'close' | Error = 'close') {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const p of [...points, bytes.length]) {
    if (p > start) chunks.push(bytes.slice(start, p));
    start = Math.max(start, p);
  }
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const chunk = chunks.shift();
        if (chunk) controller.enqueue(chunk);
        else if (end === 'close') controller.close();
        else controller.error(end);
      },
    },
    { highWaterMark: 0 },
  );
}

async function collect(stream: ReadableStream<Uint8Array>, signal?: AbortSignal) {
  const out: SseMessage[] = [];
  for await (const m of readSseStream(stream, { signal })) out.push(m);
  return out;
}

const noBreak = (s: string) => !/[\r\n]/.test(s);
const text = fc.string({ unit: 'grapheme', maxLength: 12 }).filter(noBreak);
const frameArb = fc.record(
  {
    event: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }).filter(noBreak),
    id: fc
      .string({ unit: 'grapheme-ascii', maxLength: 6 })
      .filter((s) => noBreak(s) && !s.includes('\0')),
    lines: fc.array(text, { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: ['lines'] },
);
// Things that must yield nothing: keep-alive comments, data-less frames, a lone retry.
const noiseArb = fc.constantFrom(
  ': keepalive\n',
  ':\n',
  'event: ping\n\n',
  'retry: 1000\n\n',
  'id: 9\n\n',
  '\n',
);

type Frame = { event?: string; id?: string; lines: string[] };

function encode(items: (Frame | string)[], eol: string): string {
  return items
    .map((item) => {
      if (typeof item === 'string') return item.replace(/\n/g, eol);
      let out = '';
      if (item.event !== undefined) out += `event: ${item.event}${eol}`;
      if (item.id !== undefined) out += `id: ${item.id}${eol}`;
      for (const line of item.lines) out += `data: ${line}${eol}`;
      return out + eol;
    })
    .join('');
}

function expected(items: (Frame | string)[]): SseMessage[] {
  return items
    .filter((i): i is Frame => typeof i !== 'string')
    .map((f) => ({
      data: f.lines.join('\n'),
      ...(f.event === undefined ? {} : { event: f.event }),
      ...(f.id === undefined ? {} : { id: f.id }),
    }));
}

describe('readSseStream', () => {
  it('yields the same events for every way of splitting the bytes, with any line ending', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(frameArb, noiseArb), { maxLength: 8 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.nat(), { maxLength: 20 }),
        async (items, eol, cuts) => {
          const bytes = encoder.encode(encode(items, eol));
          const events = await collect(streamOf(bytes, cuts));
          expect(events).toEqual(expected(items));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads the §13.5 stream byte by byte, with CRLF', async () => {
    const crlf = encoder.encode(sampleSseStream.replace(/\n/g, '\r\n'));
    const everyByte = Array.from({ length: crlf.length }, (_, i) => i);
    const events = await collect(streamOf(crlf, everyByte));
    expect(events).toHaveLength(10);
    expect(events.every((e) => e.event === undefined && e.data.startsWith('{"type":"'))).toBe(true);
    expect(JSON.parse(events[9]!.data)).toMatchObject({ type: 'task_finished' });
  });

  it('ignores comments and data-less frames, keeps event names and ids', async () => {
    const wire = ': hi\n\nevent: ping\n\nretry: 5\n\nevent: tick\nid: 7\ndata: a\ndata: b\n\n';
    expect(await collect(streamOf(encoder.encode(wire)))).toEqual([
      { event: 'tick', id: '7', data: 'a\nb' },
    ]);
  });

  it('drops a trailing frame that never got its blank line', async () => {
    const events = await collect(streamOf(encoder.encode('data: 1\n\ndata: 2\n')));
    expect(events).toEqual([{ data: '1' }]);
  });

  it('yields each frame as it arrives, not at the end', async () => {
    let push: ((s: string) => void) | undefined;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        push = (s) => controller.enqueue(encoder.encode(s));
      },
    });
    const it = readSseStream(stream)[Symbol.asyncIterator]();
    push!('data: first\n\n');
    await expect(it.next()).resolves.toEqual({ done: false, value: { data: 'first' } });
    await it.return(undefined);
  });

  it('throws a network ApiError when the stream fails, after the frames before it', async () => {
    const bytes = encoder.encode('data: 1\n\ndata: 2\n\n');
    const seen: string[] = [];
    const run = async () => {
      for await (const m of readSseStream(streamOf(bytes, [9], new TypeError('reset')))) {
        seen.push(m.data);
      }
    };
    await expect(run()).rejects.toMatchObject({ name: 'ApiError', kind: 'network' });
    expect(seen).toEqual(['1', '2']);
  });

  it('throws an aborted ApiError when the signal fires, and cancels the source', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('data: 1\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const controller = new AbortController();
    const seen: string[] = [];
    const run = async () => {
      for await (const m of readSseStream(stream, { signal: controller.signal })) {
        seen.push(m.data);
        controller.abort();
      }
    };
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'aborted' });
    expect(seen).toEqual(['1']);
    expect(cancelled).toBe(true);
  });

  it('cancels the source when the consumer stops early', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('data: 1\n\ndata: 2\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const m of readSseStream(stream)) {
      expect(m.data).toBe('1');
      break;
    }
    expect(cancelled).toBe(true);
  });
});

describe('readSseStream activity', () => {
  it('reports every chunk of bytes, keep-alive comments included, before its frames', async () => {
    const log: string[] = [];
    const wire = encoder.encode(': keep-alive\n\ndata: 1\n\n: ping\n');
    const stream = streamOf(wire, [14, 23]);
    for await (const m of readSseStream(stream, { onActivity: () => log.push('bytes') }))
      log.push(m.data);
    expect(log).toEqual(['bytes', 'bytes', '1', 'bytes']);
  });
});

describe('openSse', () => {
  it('ends with nothing on 204, without calling onOpen', async () => {
    server.use(http.get('*/api/stream-204', () => new HttpResponse(null, { status: 204 })));
    let opened = false;
    const out: SseMessage[] = [];
    for await (const m of openSse('/stream-204', { onOpen: () => (opened = true) })) out.push(m);
    expect(out).toEqual([]);
    expect(opened).toBe(false);
  });

  it('passes onActivity through to the reader', async () => {
    server.use(
      http.get(
        '*/api/stream-ping',
        () =>
          new HttpResponse(': ping\n\ndata: x\n\n', {
            headers: { 'content-type': 'text/event-stream' },
          }),
      ),
    );
    let activity = 0;
    const out: SseMessage[] = [];
    for await (const m of openSse('/stream-ping', { onActivity: () => activity++ })) out.push(m);
    expect(out).toEqual([{ data: 'x' }]);
    expect(activity).toBeGreaterThan(0);
  });
});
