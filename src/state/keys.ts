/**
 * The Redis key layout, in one place (README "What lives in Redis" mirrors it). Every key starts with
 * the configured prefix (default `privacy-bot:`), so one Redis can serve several deployments.
 * Ids that come from requests are hashed into keys: a key's length never depends on user input.
 */
import { createHash } from 'node:crypto';

/** A fixed-length digest of an id taken from a request (event id, activity id, button key). */
export function hashId(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 32);
}

/** Names of every key and channel, for one prefix. */
export interface KeyLayout {
  /** A claimed id (dedup, share-once): `<p>claim:<namespace>:<hash>`, the holder's random token with a TTL. */
  claim(namespace: string, id: string): string;
  /** A remembered value (share context): `<p>kv:<namespace>:<hash>`, JSON with a TTL. */
  value(namespace: string, id: string): string;
  /** A failure counter: `<p>throttle:<scope>:<hash>`, an integer with the window as TTL. */
  throttle(scope: string, key: string): string;
  /** An admin log stream: `<p>log:<stream>` (feedback, unanswered, audit), capped by MAXLEN. */
  stream(name: string): string;
  /** An index artifact: `<p>index:artifact:<sha256>`, gzip bytes. */
  artifact(id: string): string;
  /** The version serving fleet-wide: `<p>index:current`, JSON. */
  readonly current: string;
  /** Recent artifact ids, newest first: `<p>index:history`, a list. */
  readonly history: string;
  /** The build lock: `<p>index:lock`, a random token with a TTL. */
  readonly lock: string;
  /** Pub/sub channel announcing a new current version: `<p>index:published`. */
  readonly published: string;
}

/** The layout for `prefix` (e.g. `privacy-bot:`). */
export function keyLayout(prefix: string): KeyLayout {
  return {
    claim: (ns, id) => `${prefix}claim:${ns}:${hashId(id)}`,
    value: (ns, id) => `${prefix}kv:${ns}:${hashId(id)}`,
    throttle: (scope, key) => `${prefix}throttle:${scope}:${hashId(key)}`,
    stream: (name) => `${prefix}log:${name}`,
    artifact: (id) => `${prefix}index:artifact:${id}`,
    current: `${prefix}index:current`,
    history: `${prefix}index:history`,
    lock: `${prefix}index:lock`,
    published: `${prefix}index:published`,
  };
}
