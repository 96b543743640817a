import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every response, computed once at start and set in one hook (a per-request
 * middleware chain cost more than the health check itself).
 *  - CSP: scripts only from this origin (no inline scripts; Vite emits files), no framing
 *    (frame-ancestors 'none'), no plugins; inline styles are allowed for charts and diagrams.
 *  - HSTS only when the request arrived over HTTPS (directly or via a trusted proxy).
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const BASE: Record<string, string> = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

const HTTPS: Record<string, string> = { ...BASE, 'strict-transport-security': 'max-age=31536000; includeSubDomains' };

/**
 * Register data must not stay in the browser's or a proxy's cache on a shared PC: every /api
 * response (JSON, downloads and exports alike — they are all under /api) is sent no-store. A
 * route may still set a stricter value; none may set a weaker one (tests/security-headers).
 */
const NO_STORE = { 'cache-control': 'no-store' };
const BASE_API: Record<string, string> = { ...BASE, ...NO_STORE };
const HTTPS_API: Record<string, string> = { ...HTTPS, ...NO_STORE };

export function isApiUrl(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', (req, reply, done) => {
    const api = isApiUrl(req.url);
    reply.headers(req.protocol === 'https' ? (api ? HTTPS_API : HTTPS) : api ? BASE_API : BASE);
    done();
  });
  // A handler that set its own Cache-Control on an /api response cannot make it cacheable.
  app.addHook('onSend', (req, reply, payload, done) => {
    if (isApiUrl(req.url)) {
      const v = String(reply.getHeader('cache-control') ?? '');
      if (!/\bno-store\b/.test(v)) reply.header('cache-control', 'no-store');
    }
    done(null, payload);
  });
}
