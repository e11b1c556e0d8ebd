export { RedisStore, type RedisStoreMode } from './redis-store.js';
export type { RedisStoreOptions } from './redis-store-options.js';
