// Whether the app has already tried the system keychain since it started. The automatic try
// happens once per launch: after the user (or auto-lock) locks, the passphrase is needed again,
// though the unlock screen still offers the keychain button.
let attempted = false;

export const deviceUnlock = {
  /** True the first time it is asked in this launch. */
  firstAttempt(): boolean {
    if (attempted) return false;
    attempted = true;
    return true;
  },
  /** A passphrase unlock also counts: later locks do not auto-unlock either. */
  userUnlocked(): void {
    attempted = true;
  },
};
