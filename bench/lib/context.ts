import type { Browser } from '@playwright/test';
import type { BenchServer } from './bench-server.ts';
import type { Figure } from './report.ts';
import type { Stack } from './stack.ts';

export type StackSize = 'small' | 'medium' | 'large';

export interface BenchContext {
  quick: boolean;
  /** Interleaved rounds per scenario (each round = one baseline and one candidate sample). */
  rounds: number;
  /** Rows per stack size. */
  sizes: Record<StackSize, number>;
  browser: Browser;
  benchServer: BenchServer;
  log(message: string): void;
}

export interface Scenario {
  id: string;
  title: string;
  stack: StackSize;
  run(ctx: BenchContext, stack: Stack): Promise<Figure[]>;
}
