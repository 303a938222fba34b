import { describe, expect, it } from 'vitest';
import {
  buildSparsePatch,
  changedFields,
  parseJsonObject,
  rebaseValues,
  type UpdateFormValues,
} from './update-form';

const base: UpdateFormValues = {
  status: 'paused',
  result: 'old',
  source: 'api',
  last_executed_node_id: '',
  payload_extension: '{"a": 1, "b": 2}',
};

describe('update form', () => {
  it('finds only real changes; JSON key order and {} vs empty are not changes', () => {
    expect(changedFields(base, { ...base, payload_extension: '{"b":2,"a":1}' })).toEqual([]);
    expect(
      changedFields({ ...base, payload_extension: '' }, { ...base, payload_extension: '{}' }),
    ).toEqual([]);
    expect(changedFields(base, { ...base, result: 'new', status: 'failed' })).toEqual([
      'status',
      'result',
    ]);
  });

  it('builds a sparse patch: emptied text clears (null), the extension goes under its SDK name', () => {
    const values = { ...base, source: '', payload_extension: '{"c": true}' };
    expect(buildSparsePatch(values, changedFields(base, values))).toEqual({
      source: null,
      tool_call_payload_extension: { c: true },
    });
  });

  it('rejects JSON that is not an object, with the parser message', () => {
    expect(parseJsonObject('[1]')).toMatchObject({ ok: false });
    const bad = parseJsonObject('{"a": eu}');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/JSON/);
  });

  it('re-applies only the person’s changed fields onto the fresh version', () => {
    const mine = { ...base, result: 'mine' };
    const fresh = { ...base, status: 'executing', source: 'slack' };
    expect(rebaseValues(base, mine, fresh)).toEqual({ ...fresh, result: 'mine' });
  });
});
