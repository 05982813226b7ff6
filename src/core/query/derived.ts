/**
 * One derived structure per object (an index, a lunr index, a glossary), built on first use and kept
 * with it in a WeakMap. The question path's tables are made this way, and each can say whether it is
 * built yet: `prepareIndex` builds them all before an index serves, and tests check that it did.
 */

/** A function that derives `V` from `K` once per key, with a check for "built already". */
export interface Derived<K extends object, V> {
  (key: K): V;
  /** True once the structure has been built for `key`. */
  has(key: K): boolean;
}

/** Wraps `build` so it runs once per key (keys are immutable, so a kept result is never stale). */
export function derived<K extends object, V>(build: (key: K) => V): Derived<K, V> {
  const cache = new WeakMap<K, V>();
  const get = ((key: K): V => {
    let value = cache.get(key);
    if (value === undefined) {
      value = build(key);
      cache.set(key, value);
    }
    return value;
  }) as Derived<K, V>;
  get.has = (key: K) => cache.has(key);
  return get;
}
