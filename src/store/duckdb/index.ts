export { openDuckDbStore, DATABASE_FILE, DEFAULT_CHECKPOINT_THRESHOLD } from './open-store.js';
export type { DuckDbStoreOptions } from './open-store.js';
export { StoreError, StoreClosedError, StoreCorruptError, StoreWriteError, StoreSchemaVersionError } from '../errors.js';
