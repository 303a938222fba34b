import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '@/mocks/node';
import {
  auditReasonHeaders,
  clearCsrfToken,
  csrfHeaders,
  setCsrfToken,
  shouldRetryAfterCsrfFailure,
} from './csrf';
import { can } from './permissions';

describe('can', () => {
  it('follows viewer < operator < admin and says why not', () => {
    expect(can('viewer', 'task.read')).toEqual({ allowed: true, reason: null });
    expect(can('viewer', 'task.stop')).toEqual({
      allowed: false,
      reason: 'Needs the operator role; you are viewer.',
    });
    expect(can('operator', 'task.bulk_stop').allowed).toBe(true);
    expect(can('operator', 'audit.export').allowed).toBe(false);
    expect(can('admin', 'audit.export').allowed).toBe(true);
    expect(can(null, 'task.read')).toEqual({ allowed: false, reason: 'Sign in first.' });
  });
});

describe('csrf', () => {
  it('adds the token to writes only, fetching it once from /api/session', async () => {
    clearCsrfToken();
    let calls = 0;
    server.use(
      http.get('*/api/session', () => {
        calls += 1;
        return HttpResponse.json({ csrf_token: 'tok-1' });
      }),
    );
    expect(await csrfHeaders('GET')).toEqual({});
    const [a, b] = await Promise.all([csrfHeaders('DELETE'), csrfHeaders('patch')]);
    expect(a).toEqual({ 'x-csrf-token': 'tok-1' });
    expect(b).toEqual({ 'x-csrf-token': 'tok-1' });
    expect(calls).toBe(1);
  });

  it('drops the token after a csrf_failed 403 so the retry reads a fresh one', async () => {
    setCsrfToken('old');
    expect(shouldRetryAfterCsrfFailure(403, '{"reason":"forbidden","detail":"x"}')).toBe(false);
    expect(shouldRetryAfterCsrfFailure(500, '{"reason":"csrf_failed"}')).toBe(false);
    expect(shouldRetryAfterCsrfFailure(403, '{"reason":"csrf_failed","detail":"x"}')).toBe(true);
    server.use(http.get('*/api/session', () => HttpResponse.json({ csrf_token: 'new' })));
    expect(await csrfHeaders('POST')).toEqual({ 'x-csrf-token': 'new' });
  });

  it('encodes the audit reason for a Latin-1 header and caps it at 500 characters', () => {
    expect(auditReasonHeaders('  ')).toEqual({});
    expect(auditReasonHeaders('Kunde bat darum ✓')).toEqual({
      'x-audit-reason': 'Kunde%20bat%20darum%20%E2%9C%93',
    });
    const long = auditReasonHeaders('é'.repeat(600))['x-audit-reason']!;
    expect(decodeURIComponent(long)).toHaveLength(500);
  });
});
