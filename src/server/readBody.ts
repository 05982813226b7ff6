/**
 * Reads and parses a request body with a hard limit, counted on the bytes as they arrive (encodings are
 * refused earlier, so these are the decoded bytes): a declared `Content-Length` over the limit is refused
 * before reading, a chunked body is cut as soon as it passes the limit. Replaces restify's bodyParser,
 * which buffers the whole body before it looks at its size.
 */
import type * as restify from 'restify';

/** The body as received: kept for signature checks (Slack signs the raw bytes). */
export interface BodyRequest extends restify.Request {
  rawBody?: string;
}

/** True when the request carries a body (chunked, or a positive Content-Length). */
export function hasBody(req: restify.Request): boolean {
  if (req.headers['transfer-encoding']) return true;
  return Number(req.headers['content-length'] ?? 0) > 0;
}

/** The media type without parameters, lower case (`application/json`). */
export function mediaType(req: restify.Request): string {
  return String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/** The 413 answer; the rest of the body is never read, so the connection is closed after it. */
function tooLarge(res: restify.Response, maxBytes: number): void {
  res.header('Connection', 'close');
  res.json(413, { code: 'PayloadTooLarge', message: `the request body is larger than ${maxBytes} bytes` });
}

/** Refuses a declared `Content-Length` over the limit without reading anything. */
export function declaredTooLarge(req: restify.Request, maxBytes: number): boolean {
  const declared = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(declared) && declared > maxBytes;
}

/**
 * A restify handler that reads the body into `req.rawBody` (UTF-8 text) and `req.body`: a JSON value for
 * `application/json`, an object of fields for forms. Bad JSON is answered with 400; a body over
 * `maxBytes` with 413; a client that goes away ends the chain silently.
 */
export function readBody(maxBytes: number): restify.RequestHandler {
  return (req: restify.Request, res: restify.Response, next: restify.Next) => {
    if (!hasBody(req)) return next();
    if (declaredTooLarge(req, maxBytes)) {
      tooLarge(res, maxBytes);
      return next(false);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (then: () => void) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('aborted', onGone);
      then();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      settle(() => {
        chunks.length = 0;
        req.pause();
        tooLarge(res, maxBytes);
        next(false);
      });
    };
    const onEnd = () =>
      settle(() => {
        const text = Buffer.concat(chunks).toString('utf8');
        const r = req as BodyRequest;
        r.rawBody = text;
        const type = mediaType(req);
        if (type === 'application/json') {
          try {
            req.body = text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
          } catch {
            res.json(400, { code: 'InvalidContent', message: 'the body is not valid JSON' });
            return next(false);
          }
        } else if (type === 'application/x-www-form-urlencoded') {
          req.body = Object.fromEntries(new URLSearchParams(text));
        } else {
          req.body = text;
        }
        next();
      });
    const onGone = () => settle(() => next(false));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('aborted', onGone);
  };
}
