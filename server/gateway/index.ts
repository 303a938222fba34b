export { createGatewayApp, type GatewayAppOptions } from './app.ts';
export {
  CONFIG_VARS,
  ConfigError,
  configTableMarkdown,
  describeConfig,
  type GatewayConfig,
  type GatewayLog,
  loadConfig,
} from './config.ts';
export { redactSecrets } from './redact-secrets.ts';
export { PortInUseError, type RunningGateway, startGateway } from './start.ts';
