/**
 * Refuses any `Content-Encoding` but `identity`, before routing and before a byte of the body is read.
 * Slack and the Bot Framework send plain bodies; accepting gzip would mean inflating untrusted data
 * before anything is authenticated (a gzip bomb), and restify's own gunzip ends the process on bad input.
 */
import type * as restify from 'restify';

/** True when the request declares an encoding other than `identity` (in any case, with any list). */
export function hasContentEncoding(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  const values = (Array.isArray(header) ? header.join(',') : header).split(',').map((v) => v.trim().toLowerCase());
  return values.some((v) => v !== '' && v !== 'identity');
}

/**
 * A restify `pre` handler: 415 JSON with `Connection: close` (the body is never read, so the connection
 * cannot be reused) for an encoded request, on every path including `GET /healthz` and unknown ones.
 */
export function refuseEncodedBodies(onRefused?: (req: restify.Request) => void): restify.RequestHandler {
  return (req: restify.Request, res: restify.Response, next: restify.Next) => {
    if (!hasContentEncoding(req.headers['content-encoding'])) return next();
    onRefused?.(req);
    res.header('Connection', 'close');
    res.json(415, { code: 'UnsupportedMediaType', message: 'Content-Encoding is not accepted; send the body uncompressed (identity)' });
    return next(false);
  };
}
