import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root, whatever the working directory is. */
export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().default(path.join(ROOT_DIR, 'data', 'guantong.sqlite')),
  DATA_DIR: z.string().default(path.join(ROOT_DIR, 'data')),
  GUANTONG_DEMO_PASSWORD: z.string().min(8).optional(),
  GUANTONG_SEED: z.enum(['demo', 'none']).default('demo'),
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(120),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().positive().default(12),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JOBS: z.enum(['on', 'off']).default('on'),
});
export type Env = z.infer<typeof envSchema>;

/** Parses process.env (or a given record) into typed settings; exits with a clear message when invalid. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid environment:\n${lines}`);
  }
  return parsed.data;
}
