import type { Harness, HarnessEnvironment, Integration, ScenarioId } from '../harness.js';

export interface ScenarioContext {
  integration: Integration;
  environment: HarnessEnvironment;
  /** The running app; started once per integration × store, shared by the scenarios in order. */
  harness: Harness;
}

/** One attack (or mistake) and what every integration must answer to it. */
export interface Scenario {
  id: ScenarioId;
  title: string;
  run(context: ScenarioContext): Promise<void>;
}
