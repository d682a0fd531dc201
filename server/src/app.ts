import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from './core/context.js';
import { registerErrorHandler } from './core/error-handler.js';
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

/** Assembles the server explicitly: plugins → sessions → modules → error handler. */
export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<BuiltApp> {
  const app = Fastify({
    logger: options.logger ? { level: ctx.env.LOG_LEVEL } : false,
    bodyLimit: 1024 * 1024,
    trustProxy: true,
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>() as ZodApp;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(helmet, {
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
