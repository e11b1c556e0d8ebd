import type { ClientOptions, IlsClient, PatronAuth, ProviderDescriptor } from '@ils-auth/core';
import type { AppCall, Card, DescriptorRecipe } from './conformance-system.js';

/** One application's view of a system: a fresh descriptor, store and key prefix, so every cache is cold. */
export interface Application {
  descriptor: ProviderDescriptor;
  patrons: PatronAuth;
  /** The application's API client; undefined where the system has no application API (SIP2). */
  client: IlsClient | undefined;
  close(): Promise<void>;
}

export function makeDescriptor(recipe: DescriptorRecipe): ProviderDescriptor;
export function startApplication(recipe: DescriptorRecipe, options?: ClientOptions): Application;
export function appCall(app: Application, call: AppCall, card: Card): Promise<void>;
