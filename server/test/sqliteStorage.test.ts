import path from 'node:path';
import { SqliteStorage } from '../src/storage/SqliteStorage';
import { runStorageContract } from './storageContract';
import { tempDataDir } from './support/testServer';

runStorageContract('SQLite (WAL, file on disk)', async () => {
  const file = path.join(tempDataDir(), 'accord.sqlite');
  const storage = new SqliteStorage({ file, synchronous: 'normal' });
  return {
    storage,
    reopen: async () => {
      await storage.close();
      return new SqliteStorage({ file, synchronous: 'full' });
    },
  };
});
