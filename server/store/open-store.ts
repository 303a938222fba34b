import type { ConsoleStore } from './console-store.ts';
import { SqliteStore } from './sqlite-store.ts';

export interface StoreLocation {
  /** postgres://… selects PostgreSQL; otherwise the SQLite file at `sqlitePath`. */
  databaseUrl?: string | undefined;
  sqlitePath: string;
}

/** Opens (and migrates) the store the configuration names. */
export async function openStore(location: StoreLocation): Promise<ConsoleStore> {
  if (location.databaseUrl) {
    // Loaded on demand: a SQLite-only deployment never needs the pg driver.
    const { PostgresStore } = await import('./postgres-store.ts');
    return PostgresStore.open({ connectionString: location.databaseUrl });
  }
  return new SqliteStore(location.sqlitePath);
}

/** For logs: where the store is, without a password. */
export function describeStoreLocation(location: StoreLocation): string {
  if (!location.databaseUrl) return `SQLite ${location.sqlitePath}`;
  try {
    const url = new URL(location.databaseUrl);
    return `PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  } catch {
    return 'PostgreSQL (unparsable DATABASE_URL)';
  }
}
