// Headers every browser-mode response carries. Framing is refused twice: `frame-ancestors` for current
// browsers and X-Frame-Options for old ones, because a page that frames the UI can place the user's clicks
// (issue 11: two clicks approved paid captioning). Thumbnails are same-origin only, so a foreign page cannot
// embed a photo by guessing its hash.
import type { ServerResponse } from 'node:http';

/** The page itself: its own scripts, styles and images, nothing else, and never inside a frame. */
export const HTML_CSP = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Everything that is not the page (JSON, images, events) is never a document that runs anything. */
export const NON_HTML_CSP = "default-src 'none'; frame-ancestors 'none'";

export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', NON_HTML_CSP);
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}
