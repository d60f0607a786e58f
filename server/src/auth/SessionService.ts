import crypto from 'node:crypto';
import type { UserId } from '@accord/shared/ids';
import type { Storage, UserRecord } from '../storage/Storage';

/** Name of the HttpOnly session cookie. */
export const SESSION_COOKIE = 'accord_session';

/**
 * Server-side sessions: the cookie carries a random token, storage keeps only
 * its SHA-256, so a leaked database does not leak live sessions.
 */
export class SessionService {
  constructor(
    private readonly storage: Storage,
    private readonly ttlMs: number,
  ) {}

  /** Creates a session and returns the token for the cookie. */
  async create(userId: UserId): Promise<{ token: string; expiresAt: number }> {
    const token = crypto.randomBytes(32).toString('base64url');
    const now = Date.now();
    const expiresAt = now + this.ttlMs;
    await this.storage.createSession({ tokenHash: tokenHash(token), userId, createdAt: now, expiresAt });
    return { token, expiresAt };
  }

  /** The user behind a Cookie header, or null if there is no valid session. */
  async userFromCookieHeader(header: string | undefined): Promise<{ user: UserRecord; tokenHash: string; expiresAt: number } | null> {
    const token = readCookie(header, SESSION_COOKIE);
    if (!token || token.length > 200) return null;
    const hashed = tokenHash(token);
    const session = await this.storage.findSession(hashed);
    if (!session || session.expiresAt <= Date.now()) return null;
    const user = await this.storage.findUserById(session.userId);
    return user ? { user, tokenHash: hashed, expiresAt: session.expiresAt } : null;
  }

  async destroy(hashed: string): Promise<void> {
    await this.storage.deleteSession(hashed);
  }
}

const tokenHash = (token: string): string => crypto.createHash('sha256').update(token).digest('hex');

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}
