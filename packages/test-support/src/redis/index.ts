export { CuttableProxy } from './cuttable-proxy.js';
export { RedisCluster, redisClusterForTests } from './redis-cluster.js';
export {
  RedisServer,
  type RedisServerOptions,
  redisServerForTests,
  startRedisServer,
} from './redis-server.js';
