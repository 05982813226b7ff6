/**
 * An append-only file that rotates by size and keeps a fixed number of files: `name`, `name.1` … up to
 * `name.<maxFiles-1>`, the oldest deleted. So a log can never take more than `maxFiles × maxBytes` of disk.
 */
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';

/** How a log file rotates. */
export interface Rotation {
  /** Size at which the current file is rotated, in bytes. */
  maxBytes: number;
  /** Files kept in total, the current one included (≥ 1). */
  maxFiles: number;
}

/** Default rotation: 5 files of 5 MB. */
export const DEFAULT_ROTATION: Rotation = { maxBytes: 5 * 1024 * 1024, maxFiles: 5 };

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException)?.code === 'ENOENT';

/** See the file comment. Calls to {@link RotatingFile.append} must not overlap (the queue guarantees it). */
export class RotatingFile {
  /** Size of the current file; unknown until the first append (another process may have written it). */
  private size: number | undefined;
  private folderReady = false;

  constructor(readonly path: string, private readonly rotation: Rotation) {}

  /** Appends `data` (whole lines), rotating first when it would take the file past `maxBytes`. Throws on IO errors. */
  async append(data: string): Promise<void> {
    const bytes = Buffer.byteLength(data);
    try {
      if (!this.folderReady) {
        await fs.mkdir(dirname(this.path), { recursive: true });
        this.folderReady = true;
      }
      let size = this.size ?? (await this.currentSize());
      if (size > 0 && size + bytes > this.rotation.maxBytes) {
        await this.rotate();
        size = 0;
      }
      await fs.appendFile(this.path, data, 'utf8');
      this.size = size + bytes;
    } catch (err) {
      // The folder or file may have been removed or replaced under us: look again next time.
      this.folderReady = false;
      this.size = undefined;
      throw err;
    }
  }

  private async currentSize(): Promise<number> {
    try {
      return (await fs.stat(this.path)).size;
    } catch (err) {
      if (isMissing(err)) return 0;
      throw err;
    }
  }

  /** The names of the kept files, current first. */
  files(): string[] {
    return Array.from({ length: this.rotation.maxFiles }, (_, i) => (i === 0 ? this.path : `${this.path}.${i}`));
  }

  private async rotate(): Promise<void> {
    const names = this.files();
    await fs.rm(names[names.length - 1], { force: true });
    for (let i = names.length - 2; i >= 0; i--) {
      await fs.rename(names[i], names[i + 1]).catch((err) => (isMissing(err) ? undefined : Promise.reject(err)));
    }
    // With maxFiles 1 the rename loop is empty: the file is simply started again.
    if (names.length === 1) await fs.rm(names[0], { force: true });
  }
}
