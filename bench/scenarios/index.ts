import type { Scenario } from '../lib/context.ts';
import { coldLoad } from './cold-load.ts';
import { gatewayRest } from './gateway-rest.ts';
import { gatewaySseIngest, gatewaySseStreams } from './gateway-sse.ts';
import { activityThread, hiddenTabResume, optimisticActions } from './detail-view.ts';
import { liveFeed, soak } from './live-feed.ts';
import { tableSortFilter, tableScroll } from './table-interaction.ts';
import { tableMount } from './table-mount.ts';

/** In run order within each stack. */
export const scenarios: Scenario[] = [
  coldLoad,
  tableMount('small'),
  gatewayRest,
  gatewaySseIngest,
  gatewaySseStreams,
  liveFeed,
  activityThread,
  optimisticActions,
  hiddenTabResume,
  soak,
  tableMount('medium'),
  tableScroll,
  tableSortFilter,
  tableMount('large'),
];
