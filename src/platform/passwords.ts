import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's minimum). */
export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

let dummy: Promise<string> | undefined;

/**
 * Verifies a password; with no stored hash it still spends the time of one check, so a
 * sign-in for an unknown address takes as long as one for a known address.
 */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummy ??= hash('not a password of anyone');
    await verify(await dummy, password);
    return false;
  }
  return verify(stored, password);
}
