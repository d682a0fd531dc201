import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import helmet from 'helmet';
import type { AppContext } from './core/context.js';
import { registerErrorHandler } from './core/error-handler.js';
import { tuneHeap } from './core/heap.js';
import type { ZodApp } from './core/http.js';
import { JobRunner } from './core/jobs.js';
import { registerSessions } from './core/session.js';
import { ROOT_DIR } from './env.js';
import { registerModules } from './modules/index.js';

export interface BuildOptions {
  /** Serve the built web UI from web/dist (off in API tests). */
  serveWeb?: boolean;
  logger?: boolean;
}

export interface BuiltApp {
  app: FastifyInstance;
  jobs: JobRunner;
}

export const WEB_DIST = path.join(ROOT_DIR, 'web', 'dist');

/** helmet's settings: a CSP the built UI satisfies; no HSTS (TLS ends at the proxy, which sets it). */
const HELMET_OPTIONS: Parameters<typeof helmet>[0] = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'self'"],
      upgradeInsecureRequests: null,
    },
  },
  hsts: false,
};

/** The headers helmet sets with HELMET_OPTIONS, captured once from the middleware itself. */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(HELMET_OPTIONS)({} as IncomingMessage, res as unknown as ServerResponse, (error?: unknown) => {
    if (error) {
      throw error;
    }
  });
  return headers;
}

/** Assembles the server explicitly: plugins → sessions → modules → error handler. */
export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<BuiltApp> {
  tuneHeap();
  const app = Fastify({
    logger: options.logger ? { level: ctx.env.LOG_LEVEL } : false,
    bodyLimit: 1024 * 1024,
    trustProxy: true,
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>() as ZodApp;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // The security headers are the same for every response (no CSP nonces): computed once, not per request.
  const headers = securityHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 10 } });
  await app.register(swagger, {
    openapi: {
      info: { title: '贯通 Guantong API', version: '0.1.0', description: 'The API of the Guantong party-building work system.' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  registerSessions(app, ctx);
  registerErrorHandler(app);

  const jobs = new JobRunner(ctx, app.log);
  await registerModules(app, ctx, jobs);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const serveWeb = options.serveWeb === true && fs.existsSync(path.join(WEB_DIST, 'index.html'));
  if (serveWeb) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: ['index.html'] });
  }
  // Client-side routes fall back to the SPA shell; unknown /api paths stay JSON 404s.
  app.setNotFoundHandler((request, reply) => {
    if (serveWeb && request.method === 'GET' && !request.url.startsWith('/api/')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}.` } });
  });
  return { app, jobs };
}
