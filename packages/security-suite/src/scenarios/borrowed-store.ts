import type { TokenStore } from '@ils-auth/core';

/**
 * The row's store lent to a second app that a scenario starts and stops: the app may close what it is given
 * (the NestJS module closes a `RedisStore` on shutdown), and the row's own app must keep its store. Methods
 * are bound to the store itself, whose private fields a proxy receiver could not reach.
 */
export function borrowedStore(store: TokenStore): TokenStore {
  return new Proxy(store, {
    get(target, key) {
      if (key === 'close') return undefined;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
