/**
 * The index as a distributable artifact: the compact serialised form (see compactIndex.ts) cut into
 * JSON pieces, one `path<TAB>json` line each, gzipped. The artifact id is the sha256 of the
 * uncompressed lines, so equal indexes get equal ids and a damaged or truncated copy is refused on load.
 * Decoding hashes, splits and parses a piece per event-loop tick and restores the lunr indexes in steps, so
 * loading a large index does not stall answering, and prepares the index for questions (see
 * `prepareIndex.ts`) before it is returned.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { joinSerialized, splitSerialized, tick } from './indexWorker';
import { prepareIndex } from './query/prepareIndex';
import { serializeIndex, type SearchIndex } from './searchIndex';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** An encoded index. */
export interface IndexArtifact {
  /** sha256 (hex) of the uncompressed payload. */
  id: string;
  /** The gzipped payload. */
  gz: Buffer;
  /** Uncompressed size in bytes. */
  rawBytes: number;
}

/** Bytes hashed per event-loop turn when an artifact is checked. */
const HASH_SLICE = 8 * 1024 * 1024;

/** Largest uncompressed artifact accepted on load (1 GiB): a bound against a hostile or broken store. */
const MAX_RAW_BYTES = 1024 * 1024 * 1024;

/**
 * Encodes an index (gzip runs on the libuv pool, off the event loop). `parts` are the index's JSON pieces
 * when the build worker made them already (the same pieces `splitSerialized` gives).
 */
export async function encodeArtifact(index: SearchIndex, parts?: [string, string][]): Promise<IndexArtifact> {
  const lines = (parts ?? splitSerialized(serializeIndex(index))).map(([path, json]) => `${path}\t${json}\n`);
  const raw = Buffer.from(lines.join(''), 'utf8');
  const id = createHash('sha256').update(raw).digest('hex');
  return { id, gz: await gzipAsync(raw), rawBytes: raw.length };
}

/** Decodes an artifact and checks it against its id. Throws on any mismatch or damage. */
export async function decodeArtifact(gz: Buffer, id: string): Promise<SearchIndex> {
  const raw = await gunzipAsync(gz, { maxOutputLength: MAX_RAW_BYTES });
  // Hashed and cut into lines a slice at a time (the tree's is ~30 MB uncompressed): no long block of the loop.
  const hash = createHash('sha256');
  for (let at = 0; at < raw.length; at += HASH_SLICE) {
    hash.update(raw.subarray(at, at + HASH_SLICE));
    await tick();
  }
  const actual = hash.digest('hex');
  if (actual !== id) throw new Error(`artifact ${id.slice(0, 12)} is damaged (its content hashes to ${actual.slice(0, 12)})`);
  const parts: [string, string][] = [];
  for (let at = 0; at < raw.length; ) {
    const end = raw.indexOf(0x0a, at);
    const line = raw.toString('utf8', at, end < 0 ? raw.length : end);
    at = end < 0 ? raw.length : end + 1;
    if (line === '') continue;
    const tab = line.indexOf('\t');
    if (tab < 0) throw new Error('artifact line without a path');
    parts.push([line.slice(0, tab), line.slice(tab + 1)]);
    await tick();
  }
  const index = await joinSerialized(parts);
  // Ready for questions before a replica serves it (the typo index is built here, in steps).
  await prepareIndex(index, { pause: tick });
  return index;
}
