/**
 * Signs test requests the way Slack does: `v0=` + hex HMAC-SHA256 of `v0:${timestamp}:${body}`.
 */
import { createHmac } from 'node:crypto';

/** The `x-slack-signature` value for `body` sent at `timestamp` (Unix seconds). */
export function signSlack(secret: string, body: string, timestamp: number | string): string {
  return 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
}

/** Current time in Unix seconds, as Slack puts it in `x-slack-request-timestamp`. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Headers of a correctly signed Slack request (content type, timestamp, signature). */
export function signedHeaders(
  secret: string,
  body: string,
  contentType: string,
  timestamp: number = nowSeconds(),
): Record<string, string> {
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signSlack(secret, body, timestamp),
  };
}
