import type { Scenario } from '../lib/context.ts';
import { coldLoad } from './cold-load.ts';
import { gatewayRest } from './gateway-rest.ts';
import { gatewaySseIngest, gatewaySseStreams } from './gateway-sse.ts';
import { liveFeed, pending, soak } from './live-feed.ts';
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
  pending,
  soak,
  tableMount('medium'),
  tableScroll,
  tableSortFilter,
  tableMount('large'),
];
