const EXPIRED_KEY = 'guantong.sessionExpired';

/** Remembers that the session ended under the user's feet, so the login page can say so. */
export function markSessionExpired(): void {
  try {
    window.sessionStorage.setItem(EXPIRED_KEY, '1');
  } catch {
    // Storage unavailable: the login page simply shows no notice.
  }
}

/** True once after markSessionExpired(). */
export function consumeSessionExpired(): boolean {
  try {
    const flagged = window.sessionStorage.getItem(EXPIRED_KEY) === '1';
    window.sessionStorage.removeItem(EXPIRED_KEY);
    return flagged;
  } catch {
    return false;
  }
}

let signedOut = false;

/** Records whether the user signed out on purpose (the login page then says so and does not return to the old page). */
export function setSignedOut(value: boolean): void {
  signedOut = value;
}

/** True after the user signed out in this page load and before the next sign-in. */
export function isSignedOut(): boolean {
  return signedOut;
}
