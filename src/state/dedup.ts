/**
 * Deduplication of deliveries: a Slack event id or a Teams activity id is claimed once before any
 * work, so a retry that reaches another replica is acknowledged without a second answer.
 */
import type { ClaimStore } from '../bot/claimStore';

/** A set of delivery ids; `addIfNew` is true only for the first delivery of an id (fleet-wide with Redis). */
export interface Dedup {
  addIfNew(id: string): Promise<boolean>;
}

/** Deduplication over a claim store, with one TTL for every id. */
export function createDedup(claims: ClaimStore, ttlMs: number): Dedup {
  return { addIfNew: (id) => claims.claim(id, ttlMs) };
}
