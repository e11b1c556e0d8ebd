import { Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';

/** More codings than any server sends; Node's `fetch` refuses a response with more. */
export const MAX_CONTENT_CODINGS = 5;

/**
 * The decoders a response body goes through, in order, as Node's `fetch` decodes it: a `Content-Encoding`
 * of gzip, deflate and br, applied in the order listed, is undone last first. A coding it does not know
 * (identity, say) leaves the body as it came, whole. Lenient flushing, as browsers and cURL are: some
 * servers end a compressed body a little early, and their answers still read.
 */
export function contentDecoders(contentEncoding: string | null): Transform[] {
  if (!contentEncoding) return [];
  const codings = contentEncoding.toLowerCase().split(',');
  const decoders: Transform[] = [];
  for (let i = codings.length - 1; i >= 0; i--) {
    const coding = codings[i]!.trim();
    if (coding === 'gzip' || coding === 'x-gzip') decoders.push(zlib.createGunzip(ZLIB_OPTIONS));
    else if (coding === 'deflate') decoders.push(new InflateEither());
    else if (coding === 'br') decoders.push(zlib.createBrotliDecompress(BROTLI_OPTIONS));
    else return [];
  }
  return decoders;
}

const ZLIB_OPTIONS = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
const BROTLI_OPTIONS = {
  flush: zlib.constants.BROTLI_OPERATION_FLUSH,
  finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
};

/**
 * `deflate` as servers really send it: the zlib format the standard names, or raw deflate, which some
 * servers send under that name. The first byte tells them apart (a zlib header's low nibble is 8).
 */
class InflateEither extends Transform {
  #inflate: zlib.Inflate | zlib.InflateRaw | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (!this.#inflate) {
      if (chunk.length === 0) {
        done();
        return;
      }
      const inflate =
        (chunk[0]! & 0x0f) === 8 ? zlib.createInflate(ZLIB_OPTIONS) : zlib.createInflateRaw(ZLIB_OPTIONS);
      inflate.on('data', (data: Buffer) => this.push(data));
      inflate.on('end', () => this.push(null));
      inflate.on('error', (error) => this.destroy(error));
      this.#inflate = inflate;
    }
    this.#inflate.write(chunk, done);
  }

  // `_final`, not `_flush`: the readable side must end only when the inflater has pushed its last output
  // (its own 'end' ends it), not as soon as the input is in.
  override _final(done: (error?: Error | null) => void): void {
    if (this.#inflate) this.#inflate.end();
    else this.push(null);
    done();
  }
}
