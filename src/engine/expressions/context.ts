/** The job-status answers behind success()/failure()/always()/cancelled(), supplied by the engine. */
export interface StatusFunctions {
  success(): boolean;
  failure(): boolean;
  always(): boolean;
  cancelled(): boolean;
}

export interface EvalContext {
  /** Values of the top-level names (`event`, `inputs`, `steps`, ...). A known name that is absent reads as null. */
  contexts: Record<string, unknown>;
  /** When absent the run is treated as healthy: success() and always() are true, failure() and cancelled() false. */
  status?: StatusFunctions;
}
