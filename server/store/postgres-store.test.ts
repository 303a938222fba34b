import { describe } from 'vitest';
import { PostgresStore } from './postgres-store.ts';
import { describeStoreContract } from './store-contract.ts';
import { dropSchema, skipPostgres, testDatabaseUrl, uniqueSchema } from './test-postgres.ts';

describe.skipIf(skipPostgres)('PostgreSQL store', () => {
  describeStoreContract('PostgreSQL', async () => {
    const url = testDatabaseUrl();
    const schema = uniqueSchema();
    return {
      open: () => PostgresStore.open({ connectionString: url, schema, maxConnections: 3 }),
      cleanup: () => dropSchema(url, schema),
    };
  });
});
