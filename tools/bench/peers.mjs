// The servers the generated service is compared with, written into the workspace (which has their packages).
import { CORS_ORIGINS, JWT_AUDIENCE, JWT_ISSUER } from './lib.mjs';

/** Security headers of the service (src/security/protection.ts), given to helmet by both hand-assembled peers. */
const HELMET_OPTIONS = `{
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } },
  strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
  referrerPolicy: { policy: 'no-referrer' },
}`;
/** CORS of the service (src/security/protection.ts): the same allowlist and options in both peers. */
const CORS_OPTIONS = `{
  origin: ${JSON.stringify(CORS_ORIGINS)},
  credentials: true,
  methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  allowedHeaders: ['authorization', 'content-type', 'x-api-key', 'x-request-id'],
  exposedHeaders: ['x-request-id', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'],
  maxAge: 600,
}`;
const BUCKETS = '[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]';
const LIMIT = { max: 100000000, windowMs: 60000 };

/** Both peers' source: the secret they verify tokens with, and the request histogram plus default metrics. */
const REQUIRE_SECRET = `const secret = process.env.JWT_SECRET;
if (!secret || secret.length < 32) throw new Error('JWT_SECRET (at least 32 characters) is required');
`;
const REQUEST_HISTOGRAM = `client.collectDefaultMetrics();
const duration = new client.Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration in seconds',
  labelNames: ['method', 'route', 'status'],
  buckets: ${BUCKETS},
});
`;

export const BARE_APP = `const app = require('fastify')();
app.get('/hello', async () => ({ hello: 'world' }));
app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
`;

// What a user would otherwise assemble on Express 5 for the same per-request work as the generated service.
export const EXPRESS_APP = `'use strict';
const express = require('express');
const helmet = require('helmet');
const cors = require('cors');
const { rateLimit } = require('express-rate-limit');
const jwt = require('jsonwebtoken');
const pinoHttp = require('pino-http');
const client = require('prom-client');
const { createSecretKey } = require('node:crypto');

${REQUIRE_SECRET}// A KeyObject made once, as the service does: given a string, jsonwebtoken 9 first tries createPublicKey on
// every call and catches the failure, which costs more than the whole verification.
const key = createSecretKey(Buffer.from(secret, 'utf-8'));
const ROLES = ['reader', 'admin'];

${REQUEST_HISTOGRAM}
const app = express();
app.disable('x-powered-by');
app.set('etag', false);
// One JSON completion line per request at info, to stdout (the benchmark sends stdout to /dev/null).
app.use(pinoHttp({ level: 'info' }));
app.use((req, res, next) => {
  const end = duration.startTimer();
  res.on('finish', () => {
    const route = req.route ? req.baseUrl + req.route.path : 'unmatched';
    end({ method: req.method, route, status: String(res.statusCode) });
  });
  next();
});
app.use(helmet(${HELMET_OPTIONS}));
app.use(cors(${CORS_OPTIONS}));

app.get('/health/ready', (req, res) => res.json({ status: 'ok' }));
app.get('/metrics', async (req, res) => res.type(client.register.contentType).send(await client.register.metrics()));

function authenticate(req, res, next) {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return res.status(401).json({ title: 'Unauthorized' });
  try {
    const payload = jwt.verify(header.slice(7), key, { algorithms: ['HS256'], issuer: ${JSON.stringify(JWT_ISSUER)}, audience: ${JSON.stringify(JWT_AUDIENCE)}, clockTolerance: 30 });
    if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return res.status(401).json({ title: 'Unauthorized' });
    req.principal = { id: payload.sub, roles: Array.isArray(payload.roles) ? payload.roles : [] };
    next();
  } catch {
    res.status(401).json({ title: 'Unauthorized' });
  }
}
const requireRole = (roles) => (req, res, next) =>
  req.principal.roles.some((r) => roles.includes(r)) ? next() : res.status(403).json({ title: 'Forbidden' });
const limiter = rateLimit({
  windowMs: ${LIMIT.windowMs},
  limit: ${LIMIT.max},
  standardHeaders: 'draft-7',
  legacyHeaders: false,
  keyGenerator: (req) => 'principal:' + req.principal.id,
});

const v1 = express.Router();
v1.use(authenticate, limiter);
v1.get('/items', requireRole(ROLES), (req, res) => res.json({ items: [], nextCursor: null }));
app.use('/v1', v1);

app.listen(Number(process.env.PORT), '127.0.0.1');
`;

// Fastify assembled by hand from the official plugins, with the same per-request work as the generated service.
export const FASTIFY_APP = `'use strict';
const Fastify = require('fastify');
const client = require('prom-client');

${REQUIRE_SECRET}const ROLES = ['reader', 'admin'];

${REQUEST_HISTOGRAM}
// Fastify's pino logger at info to stdout (the benchmark sends stdout to /dev/null). Its default two lines per
// request are replaced by one completion line in onResponse, as the service does.
// (disableRequestLogging moved into a LogController in Fastify 5.12; the top-level option still works, with a warning.)
const quiet = typeof Fastify.LogController === 'function' ? { logController: new Fastify.LogController({ disableRequestLogging: true }) } : { disableRequestLogging: true };
const app = Fastify({ logger: { level: 'info' }, ...quiet });

async function main() {
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    request.log.info({ method: request.method, route, path: request.url.split('?')[0], statusCode: reply.statusCode, durationMs: reply.elapsedTime }, 'request completed');
    done();
  });
  await app.register(require('@fastify/helmet'), ${HELMET_OPTIONS});
  await app.register(require('@fastify/cors'), ${CORS_OPTIONS});
  await app.register(require('@fastify/jwt'), {
    secret,
    verify: { algorithms: ['HS256'], allowedIss: ${JSON.stringify(JWT_ISSUER)}, allowedAud: ${JSON.stringify(JWT_AUDIENCE)}, requiredClaims: ['sub', 'exp'], clockTolerance: 30000 },
  });
  // Memory store, global, keyed by the principal on authenticated routes (authentication runs first, below).
  await app.register(require('@fastify/rate-limit'), {
    global: true,
    max: ${LIMIT.max},
    timeWindow: ${LIMIT.windowMs},
    enableDraftSpec: true,
    keyGenerator: (request) => (request.user && typeof request.user.sub === 'string' ? 'principal:' + request.user.sub : 'ip:' + request.ip),
  });

  app.get('/health/ready', { config: { rateLimit: false } }, async () => ({ status: 'ok' }));
  app.get('/metrics', { config: { rateLimit: false } }, async (request, reply) => {
    reply.type(client.register.contentType);
    return client.register.metrics();
  });

  await app.register(
    async (v1) => {
      // Instance hooks run before the route-level hook of @fastify/rate-limit, so the principal is known to it.
      v1.addHook('onRequest', async (request, reply) => {
        try {
          await request.jwtVerify();
        } catch {
          return reply.code(401).send({ title: 'Unauthorized' });
        }
        if (typeof request.user.sub !== 'string') return reply.code(401).send({ title: 'Unauthorized' });
      });
      v1.addHook('preHandler', async (request, reply) => {
        const roles = Array.isArray(request.user.roles) ? request.user.roles : [];
        if (!roles.some((r) => ROLES.includes(r))) return reply.code(403).send({ title: 'Forbidden' });
      });
      v1.get(
        '/items',
        {
          schema: {
            response: {
              200: {
                type: 'object',
                properties: { items: { type: 'array', items: { type: 'object' } }, nextCursor: { type: ['string', 'null'] } },
                required: ['items', 'nextCursor'],
              },
            },
          },
        },
        async () => ({ items: [], nextCursor: null }),
      );
    },
    { prefix: '/v1' },
  );
  await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
`;

/** What each server does per request, for the report. */
export const PEER_PACKAGES = {
  express: ['express', 'helmet', 'cors', 'express-rate-limit', 'jsonwebtoken', 'pino-http', 'prom-client'],
  fastify: ['fastify', '@fastify/jwt', '@fastify/rate-limit', '@fastify/helmet', '@fastify/cors', 'pino', 'prom-client'],
};
