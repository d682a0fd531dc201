import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { FromChild, ToChild } from '../servers/child.js';
import { BENCH_DIR } from './target.js';

/** A server started by bench/run.ts in its own Node process. */
export interface ServerChild {
  name: string;
  port: number;
  /** CPU time the child has used so far, in microseconds. */
  cpu(): Promise<number>;
  profileStart(): void;
  /** Stops the CPU profile and writes it (a .cpuprofile file). */
  profileStop(file: string): Promise<void>;
  stop(): Promise<void>;
}

/** Forks one of bench/servers/*.ts (through tsx) and waits until it listens. */
export function startServer(name: string, script: string, env: Record<string, string>): Promise<ServerChild> {
  const child: ChildProcess = fork(path.resolve(BENCH_DIR, 'servers', script), [], {
    execArgv: ['--import', import.meta.resolve('tsx')],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const send = (m: ToChild) => child.send(m);
  const reply = <T extends FromChild['type']>(type: T) =>
    new Promise<Extract<FromChild, { type: T }>>((resolve) => {
      const on = (m: FromChild) => {
        if (m.type === type) {
          child.off('message', on);
          resolve(m as Extract<FromChild, { type: T }>);
        }
      };
      child.on('message', on);
    });
  const server: Omit<ServerChild, 'port'> = {
    name,
    async cpu() {
      const r = reply('cpu');
      send({ type: 'cpu' });
      const m = await r;
      return m.user + m.system;
    },
    profileStart() {
      send({ type: 'profile-start' });
    },
    async profileStop(file) {
      const r = reply('profiled');
      send({ type: 'profile-stop', file });
      await r;
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        send({ type: 'stop' });
      });
    },
  };
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} server exited with code ${code} before it was ready`)));
    const onStart = (m: FromChild) => {
      if (m.type === 'error') {
        reject(new Error(`${name} server failed to start:\n${m.message}`));
      } else if (m.type === 'ready') {
        child.off('message', onStart);
        resolve({ ...server, port: m.port });
      }
    };
    child.on('message', onStart);
  });
}
