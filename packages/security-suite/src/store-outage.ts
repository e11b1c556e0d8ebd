/** Switches a row's store off and on: what the store-fault scenarios do to it. */
export interface StoreOutage {
  /** From now on the store cannot answer. */
  begin(): Promise<void>;
  /** The store answers again; resolves once a request would reach it. */
  end(): Promise<void>;
}
