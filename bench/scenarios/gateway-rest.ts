import type { Scenario } from '../lib/context.ts';
import { runInterleaved } from '../lib/interleave.ts';
import { makeFigure, notMeasured } from '../lib/report.ts';
import { median, summarize } from '../lib/stats.ts';
import { platformGet, type Stack } from '../lib/stack.ts';

const SCENARIO = 'Gateway REST overhead';

async function timed(url: string, headers: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`${url.replace(/\?.*/, '')} answered ${res.status}`);
  return ms;
}

/**
 * The same requests, paired and interleaved: each pair calls the platform directly and through
 * the gateway (alternating which goes first). A round's figure is median(gateway) − median(direct).
 */
export const gatewayRest: Scenario = {
  id: 'gateway-rest',
  title: SCENARIO,
  stack: 'small',
  async run(ctx, stack: Stack) {
    const agents = await platformGet<{ id: string }[]>(stack, '/agents/list');
    const firstAgent = agents[0]?.id;
    if (!firstAgent)
      return [notMeasured(SCENARIO, 'added ms per call', 'ms', 'platform has no agents')];
    const tasks = await platformGet<{ id: string }[]>(
      stack,
      `/agent-execution/executions/history/${firstAgent}`,
    );
    const paths = [
      '/agents/list',
      ...tasks.slice(0, 20).map((t) => `/agent-execution/${t.id}/status`),
    ];
    const direct = { 'x-api-key': stack.apiKey, accept: 'application/json' };
    const viaGateway = { accept: 'application/json' };
    const perRound = ctx.quick ? 60 : 200;

    // Warm both paths (connection pools, JIT) before the first measured round.
    for (const p of paths) {
      await timed(`${stack.platformUrl}${p}`, direct);
      await timed(`${stack.gateway.url}/api${p}`, viaGateway);
    }

    const rounds = await runInterleaved(
      ['round'] as const,
      ctx.quick ? 2 : Math.max(ctx.rounds, 5),
      async () => {
        const d: number[] = [];
        const g: number[] = [];
        for (let i = 0; i < perRound; i++) {
          const p = paths[i % paths.length] as string;
          if (i % 2 === 0) {
            d.push(await timed(`${stack.platformUrl}${p}`, direct));
            g.push(await timed(`${stack.gateway.url}/api${p}`, viaGateway));
          } else {
            g.push(await timed(`${stack.gateway.url}/api${p}`, viaGateway));
            d.push(await timed(`${stack.platformUrl}${p}`, direct));
          }
        }
        return { direct: median(d), gateway: median(g) };
      },
    );
    const r = rounds.round;
    const added = summarize(r.map((x) => x.gateway - x.direct));
    const directS = summarize(r.map((x) => x.direct));
    const gatewayS = summarize(r.map((x) => x.gateway));
    return [
      makeFigure({
        scenario: SCENARIO,
        figure: 'added ms per call (median of pairs)',
        unit: 'ms',
        candidate: added,
        baseline: directS,
        target: { op: '<=', value: 1, on: 'candidate', text: '≤ 1 ms' },
        note: `${perRound} paired calls per round (agents/list + task status); baseline = direct call latency`,
        onMiss:
          'a bare node:http keep-alive proxy on loopback already adds ~1 ms on the 2-core VM (two more socket writes and wake-ups) and 2+ ms under load; compare with uptime, then profile the child with --cpu-prof',
      }),
      makeFigure({
        scenario: SCENARIO,
        figure: 'latency through gateway',
        unit: 'ms',
        candidate: gatewayS,
        baseline: directS,
        ratioKind: 'candidate/baseline',
        note: 'ratio = gateway / direct',
      }),
    ];
  },
};
