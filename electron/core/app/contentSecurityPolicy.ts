/**
 * The page's content security policy. The console host sends it as a header; the build writes
 * it into the page as a meta tag (vite.config.ts), which is what Electron's file:// load sees.
 * Scripts and styles only from the app's own files, never from strings: React's style props
 * and the charts set styles through the DOM, which the policy allows, not through markup.
 */
const pageDirectives = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** Only a header can carry these: a browser ignores them in a meta tag, and says so on the console. */
const headerOnlyDirectives = ["frame-ancestors 'none'"];

/** The policy as the page carries it in its meta tag. */
export const pageContentSecurityPolicy = pageDirectives.join('; ');

/** The policy as the console host sends it in the Content-Security-Policy header. */
export const contentSecurityPolicy = [...pageDirectives, ...headerOnlyDirectives].join('; ');
