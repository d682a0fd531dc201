/** The server's password rule (server/src/core/passwords.ts), checked in the form so the message sits next to the field. */
export function passwordProblem(password: string, username: string): 'tooWeak' | 'sameAsUsername' | null {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((r) => r.test(password)).length;
  if (password.length < 8 || classes < 2) {
    return 'tooWeak';
  }
  if (username && password.toLowerCase() === username.toLowerCase()) {
    return 'sameAsUsername';
  }
  return null;
}

/** A random password that satisfies the rule, for initial and reset passwords (avoids look-alike characters). */
export function generatePassword(length = 12): string {
  const lower = 'abcdefghijkmnpqrstuvwxyz';
  const upper = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const symbols = '-_!@#%+=';
  const all = lower + upper + digits + symbols;
  const random = new Uint32Array(length * 2);
  crypto.getRandomValues(random);
  const pick = (set: string, i: number) => set[random[i] % set.length];
  const chars = [pick(lower, 0), pick(upper, 1), pick(digits, 2), pick(symbols, 3)];
  for (let i = 4; i < length; i++) {
    chars.push(pick(all, i));
  }
  // Shuffle so the guaranteed classes do not sit at fixed positions.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = random[length + i] % (i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
