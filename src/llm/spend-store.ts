/**
 * Where LLM spend totals and in-flight reservations live. Every process that shares a store shares the
 * budgets: `add` never loses a concurrent addition, and `reserve` checks the limits and takes the
 * reservation in one step, so two processes cannot both take the last dollar. A reservation that is never
 * released (its process died) stops counting once its TTL has passed.
 */
export interface SpendStore {
  /** Adds `amountUsd` to the total at `key`, keeping the key `ttlMs` from now; returns the new total. */
  add(key: string, amountUsd: number, ttlMs: number): Promise<number>;
  /** The total at `key` (0 when absent or expired). */
  get(key: string): Promise<number>;
  /**
   * Reserves `amountUsd` on every claim's key for at most `ttlMs`, unless the total plus the live reservations
   * plus `amountUsd` would exceed a claim's limit: then nothing is reserved and the first such claim is named.
   */
  reserve(claims: SpendClaim[], amountUsd: number, ttlMs: number): Promise<ReserveOutcome>;
  /** Ends a reservation early (the call finished); releasing twice, or after expiry, is harmless. */
  release(reservation: Reservation): Promise<void>;
  /** The sum of the live reservations at `key`. */
  reserved(key: string): Promise<number>;
  /** Frees the store's connection, if it owns one. */
  close(): Promise<void>;
}

/** A key a reservation counts against, and the most its total plus reservations may reach (none: unlimited). */
export interface SpendClaim {
  key: string;
  limitUsd?: number;
}

/** What `release` needs; opaque to callers. */
export interface Reservation {
  readonly id: string;
  readonly keys: readonly string[];
}

export type ReserveOutcome =
  | { reservation: Reservation }
  /** `committedUsd`: the claim's total plus its live reservations when the reservation was refused. */
  | { refused: { key: string; committedUsd: number } };
