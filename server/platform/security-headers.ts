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

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(req.protocol === 'https' ? HTTPS : BASE);
    done();
  });
}
