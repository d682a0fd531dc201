/** The shape a translation must have: the same keys as the Chinese original, every leaf a string. */
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

/**
 * Declares a module's strings under its own namespace key. The English object must have exactly the keys of the
 * Chinese one, so a missing translation is a type error rather than a key shown to the user.
 */
export function defineMessages<const N extends string, T extends object>(namespace: N, zh: T, en: Messages<T>) {
  return {
    'zh-CN': { [namespace]: zh } as { [K in N]: T },
    en: { [namespace]: en } as { [K in N]: Messages<T> },
  };
}
