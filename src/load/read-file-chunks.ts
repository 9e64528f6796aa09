import { open, type FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { LeadvalueError, shown } from '../core/errors.js';

/** Options of {@link readFileChunks}. */
export interface ReadFileChunksOptions {
  /** Name of the file in error messages. */
  label: string;
  /** Bytes per read; default 1 MiB. */
  chunkSize?: number;
  /** Called after each read with bytes of the file on disk read so far and its size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Streams a file's content to `onChunk`, decompressing gzip (recognised by its
 * magic bytes, whatever the extension). Plain files are read into two buffers
 * used in turn: a chunk stays valid until the next call to `onChunk` returns
 * (or the promise it returns settles), which is what {@link CsvTokenizer.push}
 * needs, and no memory is allocated per chunk.
 *
 * @param path - the file
 * @param onChunk - receives the (decompressed) bytes in order; may throw to stop reading; when it returns a
 * promise (e.g. to wait for a slow output), the next chunk is read once it resolves
 * @param options - label, chunk size and progress callback
 * @throws LeadvalueError when the file is missing, a directory, unreadable or not valid gzip (truncated, bad
 * CRC); errors thrown by `onChunk` pass through as they are
 */
export async function readFileChunks(path: string, onChunk: (chunk: Buffer) => void | Promise<void>, options: ReadFileChunksOptions): Promise<void> {
  const { label, onProgress } = options;
  const chunkSize = options.chunkSize ?? 1 << 20;
  let handle: FileHandle | undefined;
  // What onChunk threw: passed on as it is, even when it has an errno code (a failing output is not the input's fault).
  const thrown: unknown[] = [];
  const deliver = async (chunk: Buffer) => {
    try {
      const wait = onChunk(chunk);
      if (wait) await wait;
    } catch (error) {
      thrown.push(error);
      throw error;
    }
  };
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    const buffers = [Buffer.allocUnsafe(chunkSize), Buffer.allocUnsafe(chunkSize)];
    let bytesRead = 0;
    let n = (await handle.read(buffers[0], 0, chunkSize, 0)).bytesRead;
    const gzip = n >= 2 && buffers[0][0] === GZIP_MAGIC[0] && buffers[0][1] === GZIP_MAGIC[1];
    if (gzip) {
      // the first chunk goes through gunzip too, then the rest of the file
      const first = Buffer.from(buffers[0].subarray(0, n));
      const rest = handle.createReadStream({ start: n, highWaterMark: chunkSize, autoClose: false });
      await pipeline(
        async function* () {
          bytesRead += first.length;
          onProgress?.(bytesRead, size);
          yield first;
          for await (const chunk of rest) {
            bytesRead += chunk.length;
            onProgress?.(bytesRead, size);
            yield chunk as Buffer;
          }
        },
        createGunzip({ chunkSize: chunkSize >> 2 }),
        async (source: AsyncIterable<Buffer>) => {
          for await (const chunk of source) await deliver(chunk);
        },
      );
      return;
    }
    for (let i = 0; n > 0; i ^= 1) {
      bytesRead += n;
      onProgress?.(bytesRead, size);
      await deliver(n === chunkSize ? buffers[i] : buffers[i].subarray(0, n));
      n = (await handle.read(buffers[i ^ 1], 0, chunkSize, bytesRead)).bytesRead;
    }
  } catch (error) {
    throw thrown.includes(error) ? error : asLoadError(error, path, label);
  } finally {
    await handle?.close();
  }
}

/** Turns file-system and zlib errors into LeadvalueErrors; passes others (ours, callbacks') through. */
function asLoadError(error: unknown, path: string, label: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (error instanceof LeadvalueError || typeof code !== 'string') return error;
  const message = (error as Error).message;
  switch (code) {
    // The whole path (never cut, as shown() cuts values): it is what the user has to check.
    case 'ENOENT':
      return new LeadvalueError(label, 'file not found', JSON.stringify(path), 'check the path and the working directory');
    case 'EISDIR':
      return new LeadvalueError(label, 'a directory, not a file', JSON.stringify(path), 'give the path of a .csv or .csv.gz file');
    case 'EACCES':
    case 'EPERM':
      return new LeadvalueError(label, 'permission denied', JSON.stringify(path), 'check the file permissions');
  }
  if (code.startsWith('Z_')) {
    return new LeadvalueError(label, 'not a valid gzip file', shown(message), 'the file may be truncated or corrupt: download or compress it again');
  }
  return new LeadvalueError(label, 'could not read the file', shown(message));
}
