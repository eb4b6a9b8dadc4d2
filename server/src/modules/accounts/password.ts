/** Staff password hashing: argon2id (OWASP parameters), prebuilt binaries from @node-rs/argon2. */
import { hash, verify } from '@node-rs/argon2';

export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // not an argon2 hash (e.g. a test factory's placeholder)
  }
}

/** Verified against when the username is unknown, so both answers take as long. */
let decoy: Promise<string> | undefined;
export const decoyHash = () => (decoy ??= hash('decoy-password-never-used'));
