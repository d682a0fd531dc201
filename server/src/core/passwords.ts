import { hash, verify } from '@node-rs/argon2';
import { AppError } from './errors.js';

// argon2id (the library's default algorithm) with OWASP's minimum parameters.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** True when the password matches the stored hash; false (never throws) for a malformed hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Refuses passwords a user should not pick: short, single-class, or equal to the username. */
export function assertStrongPassword(password: string, username: string): void {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((r) => r.test(password)).length;
  if (password.length < 8 || classes < 2 || password.toLowerCase() === username.toLowerCase()) {
    throw new AppError(
      'WEAK_PASSWORD',
      400,
      'The password needs at least 8 characters of at least two kinds (letters, digits, symbols) and must differ from the username.',
    );
  }
}
