/**
 * The page's content security policy, sent as a header by the console host and kept in
 * step with the meta tag in renderer/index.html (which is what Electron's file:// load sees).
 * Scripts only from the app itself and never from strings; inline styles only because React
 * style props and charts set them.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
