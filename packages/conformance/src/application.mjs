// One application's use of a system, shared by the suite (vitest) and the cluster's child processes
// (plain node): plain JavaScript so both run the very same code. Types in application.d.mts.
import { randomBytes } from 'node:crypto';
import * as core from '@ils-auth/core';

/** The descriptor a recipe names, made by core's own factory. */
export function makeDescriptor(recipe) {
  // By name, so that an entry's recipe stays data a child process can receive; bundle size is moot in tests.
  // biome-ignore lint/performance/noDynamicNamespaceImportAccess: the factory is chosen by the entry's data
  const factory = core[recipe.factory];
  if (typeof factory !== 'function') throw new Error(`@ils-auth/core exports no factory ${recipe.factory}()`);
  return factory(recipe.options);
}

/**
 * A fresh descriptor over `store`, with a new key prefix unless one is given (the processes of a cluster
 * share one), so every cache and the provider backoff start cold.
 */
export function startApplication(
  recipe,
  { store = new core.MemoryStore(), keyPrefix, ...clientOptions } = {},
) {
  const descriptor = makeDescriptor(recipe);
  const options = {
    store,
    keyPrefix: keyPrefix ?? `conformance-${randomBytes(6).toString('hex')}`,
    ...clientOptions,
  };
  const client = descriptor.appAuth?.scheme === 'none' ? undefined : core.createClient(descriptor, options);
  const patrons = core.createPatronAuth(descriptor, { ...options, ...(client ? { appClient: client } : {}) });
  return { descriptor, patrons, client, close: () => core.closeSip2Connections(descriptor) };
}

/** The one call whose credential the suite counts (`AppCall` in conformance-system.ts). */
export async function appCall(app, call, card) {
  if (call.kind === 'patron-login') {
    await app.patrons.login(card);
    return;
  }
  if (!app.client) throw new Error(`${app.descriptor.id} has no application client`);
  const response = await app.client.fetch(call.path);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${call.path} answered ${response.status}`);
}
