import { describe, expect, it } from 'vitest';
import { createSseRedactor, SseEventTooLargeError } from './sse-redactor.ts';

const make = (secret?: string) => createSseRedactor({ secret, maxEventBytes: 10_000 });

describe('createSseRedactor', () => {
  it('re-serialises each data line without secrets and keeps other fields in order', () => {
    const r = make();
    const out = r.feed(
      'id: 7\nevent: message\ndata: {"type":"task_created","data":{"id":"t","user_oidc_token":"x"}}\n\n',
    );
    expect(out).toBe('id: 7\nevent: message\ndata: {"type":"task_created","data":{"id":"t"}}\n\n');
  });

  it('emits nothing until the blank line that ends an event, across arbitrary chunking', () => {
    const r = make();
    const wire = 'data: {"a":1,"user_tokens":{"k":"v"}}\r\n\r\n: ping\r\ndata: {"b":2}\r\n\r\n';
    let out = '';
    const seen: string[] = [];
    for (const ch of wire) {
      out += r.feed(ch);
      seen.push(out);
    }
    expect(out).toBe('data: {"a":1}\n\n: ping\ndata: {"b":2}\n\n');
    // The first event appears only once its terminating blank line has fully arrived.
    const firstComplete = seen.findIndex((s) => s.length > 0);
    expect(firstComplete).toBe(wire.indexOf('\r\n\r\n') + 3);
  });

  it('joins multi-line data into one JSON line', () => {
    const r = make();
    expect(r.feed('data: {"a":\ndata: {"user_tokens":1,"b":2}}\n\n')).toBe(
      'data: {"a":{"b":2}}\n\n',
    );
  });

  it('passes non-JSON data and comments through', () => {
    const r = make();
    expect(r.feed(': keep-alive\n\ndata: plain text\n\n')).toBe(
      ': keep-alive\n\ndata: plain text\n\n',
    );
  });

  it('accepts bare CR line endings, including a CR split from its LF across chunks', () => {
    const r = make();
    expect(r.feed('data: {"x":1}\r') + r.feed('\n\r') + r.feed('\n')).toBe('data: {"x":1}\n\n');
    const s = make();
    expect(s.feed('data: {"y":2}\r\r') + s.end()).toBe('data: {"y":2}\n\n');
  });

  it('drops an unterminated trailing event at the end, as a browser would', () => {
    const r = make();
    expect(r.feed('data: {"partial":true}\n')).toBe('');
    expect(r.end()).toBe('');
  });

  it('scrubs the API key from any line', () => {
    const r = make('sk-live-123456');
    expect(r.feed('data: {"detail":"key sk-live-123456 rejected"}\n\n')).toBe(
      'data: {"detail":"key [redacted] rejected"}\n\n',
    );
  });

  it('refuses an event larger than the cap instead of buffering without bound', () => {
    const r = createSseRedactor({ maxEventBytes: 100 });
    expect(() => r.feed(`data: ${'x'.repeat(200)}\n`)).toThrow(SseEventTooLargeError);
    const s = createSseRedactor({ maxEventBytes: 100 });
    expect(() => s.feed(`data: ${'x'.repeat(200)}`)).toThrow(SseEventTooLargeError);
  });
});
