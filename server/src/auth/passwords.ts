import { hash, verify } from '@node-rs/argon2';

// `Algorithm.Argon2id` of @node-rs/argon2 (an ambient const enum, which isolated modules cannot read).
const ARGON2ID = 2;

/** Argon2id cost parameters (OWASP's minimum is 19 MiB, 2 passes). */
export interface PasswordCost {
  memoryCost: number;
  timeCost: number;
}

/** Hashes a password with Argon2id; the result embeds salt and parameters. */
export function hashPassword(password: string, cost: PasswordCost): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, memoryCost: cost.memoryCost, timeCost: cost.timeCost, parallelism: 1 });
}

/** Verifies a password against a stored hash; false on any mismatch or malformed hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so timing does not reveal which emails are registered. */
export const DUMMY_HASH_PASSWORD = 'accord-no-such-account';
