/** The renderer's Content-Security-Policy, one string for the session header, the web host and the meta tag. */

/**
 * Only the app's own scripts; styles may be inline because xterm.js injects its own; the only
 * connection is back to the app itself (the web host's socket in tests).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
