import { hash, verify } from '@node-rs/argon2';

/** argon2id's work factors; p=1 always. */
export interface PasswordHashCost {
  memoryKib: number;
  iterations: number;
}

/** OWASP's minimum for argon2id (m=19 MiB, t=2, p=1), and the library's defaults: what production uses. */
export const OWASP_MINIMUM: PasswordHashCost = { memoryKib: 19_456, iterations: 2 };

let cost: PasswordHashCost = OWASP_MINIMUM;
let dummy: { cost: PasswordHashCost; hash: Promise<string> } | undefined;

/**
 * Sets the work factor of new hashes (from the config, at start). A stored hash keeps the
 * factors it was made with, so changing them never locks anyone out.
 */
export function setPasswordHashCost(next: PasswordHashCost): void {
  cost = next;
}

export async function hashPassword(password: string): Promise<string> {
  return hash(password, { memoryCost: cost.memoryKib, timeCost: cost.iterations, parallelism: 1 });
}

/**
 * Verifies a password; with no stored hash it still spends the time of one check, so a
 * sign-in for an unknown address takes as long as one for a known address.
 */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    if (dummy?.cost !== cost) dummy = { cost, hash: hashPassword('not a password of anyone') };
    await verify(await dummy.hash, password);
    return false;
  }
  return verify(stored, password);
}
