import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { FastifyInstance } from 'fastify';

/** Messages between bench/run.ts and a server child over the IPC channel of fork(). */
export type ToChild = { type: 'cpu' } | { type: 'stop' } | { type: 'profile-start' } | { type: 'profile-stop'; file: string };
export type FromChild =
  | { type: 'ready'; port: number }
  | { type: 'cpu'; user: number; system: number }
  | { type: 'profiled'; file: string }
  | { type: 'error'; message: string };

function send(message: FromChild): void {
  process.send?.(message);
}

/**
 * Listens on an ephemeral port, tells the parent the port, answers CPU-time queries (so the parent can
 * compute CPU per request), records a V8 CPU profile between profile-start and profile-stop, and closes
 * cleanly when asked or when the parent goes away.
 */
export async function serveForBench(app: FastifyInstance, close: () => Promise<void>): Promise<void> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let stopping = false;
  let inspector: Session | null = null;
  const stop = async () => {
    if (stopping) {
      return;
    }
    stopping = true;
    await app.close();
    await close();
    process.exit(0);
  };
  process.on('message', async (m: ToChild) => {
    if (m.type === 'cpu') {
      const u = process.cpuUsage();
      send({ type: 'cpu', user: u.user, system: u.system });
    } else if (m.type === 'profile-start') {
      inspector = new Session();
      inspector.connect();
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.start');
    } else if (m.type === 'profile-stop' && inspector) {
      const { profile } = await inspector.post('Profiler.stop');
      fs.writeFileSync(m.file, JSON.stringify(profile));
      inspector.disconnect();
      inspector = null;
      send({ type: 'profiled', file: m.file });
    } else if (m.type === 'stop') {
      await stop();
    }
  });
  process.on('disconnect', () => void stop());
  send({ type: 'ready', port });
}

/** Reports a start-up failure to the parent and exits. */
export function failStart(error: unknown): never {
  send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
}
