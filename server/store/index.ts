export * from './console-store.ts';
export { describeStoreLocation, openStore, type StoreLocation } from './open-store.ts';
export { SqliteStore } from './sqlite-store.ts';
