/**
 * A TTL set for Slack event ids, so a retried delivery never produces a second answer. It evicts by age
 * and by size (it is a {@link TtlCache}), so memory stays bounded whatever Slack sends.
 */
import { TtlCache, type TtlOptions } from '../../bot/ttlCache';

/** A bounded set of ids that forget themselves after a while. */
export class TtlSet {
  private readonly cache: TtlCache<true>;

  constructor(options: TtlOptions) {
    this.cache = new TtlCache<true>(options);
  }

  /**
   * Records `id` and returns true when it was not seen within the TTL; returns false (and keeps the
   * original expiry) for a repeat. Check-and-add is one synchronous step, so two concurrent
   * deliveries cannot both pass.
   */
  addIfNew(id: string): boolean {
    if (this.cache.has(id)) return false;
    this.cache.set(id, true);
    return true;
  }

  /** True when `id` was recorded and has not expired. */
  has(id: string): boolean {
    return this.cache.has(id);
  }
}
