import { Router, type Request, type Response } from 'express';
import { LoginRequest, PreferencesRequest, type MeView } from '@accord/shared/memo/schema';
import { AccordError, ErrorCode } from '@accord/shared/protocol/errors';
import { DUMMY_HASH_PASSWORD, hashPassword, verifyPassword, type PasswordCost } from '../auth/passwords';
import { SESSION_COOKIE, type SessionService } from '../auth/SessionService';
import type { LoginThrottle } from '../limits/LoginThrottle';
import type { Storage, UserRecord } from '../storage/Storage';
import { authenticate, currentSessionHash, currentUser } from './authenticate';
import { parseBody } from './validate';

/** `POST /api/auth/login`, `POST /api/auth/logout`, `GET /api/me`, `PUT /api/me/preferences`. */
export function authRoutes(
  storage: Storage,
  sessions: SessionService,
  cost: PasswordCost,
  throttle: LoginThrottle,
  onLogout: (sessionHash: string) => void,
): Router {
  const router = Router();
  let dummyHash: Promise<string> | null = null;

  router.post('/api/auth/login', async (req: Request, res: Response) => {
    const { email, password } = parseBody(LoginRequest, req.body);
    const address = req.ip ?? 'unknown';
    if (!throttle.allowed(address, email)) throw new AccordError(ErrorCode.rateLimited, 'too many failed attempts; wait a minute and try again');
    const user = await storage.findUserByEmail(email);
    // Verify against a dummy hash for unknown emails so response time does not reveal accounts.
    dummyHash ??= hashPassword(DUMMY_HASH_PASSWORD, cost);
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash), password);
    if (!user || !ok) {
      throttle.failed(address, email);
      throw new AccordError(ErrorCode.invalidCredentials, 'email or password is wrong');
    }
    const { token, expiresAt } = await sessions.create(user.id);
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: req.secure,
      path: '/',
      expires: new Date(expiresAt),
    });
    res.json({ user: meView(user) });
  });

  const auth = authenticate(sessions);

  router.post('/api/auth/logout', auth, async (_req: Request, res: Response) => {
    const hash = currentSessionHash(res);
    await sessions.destroy(hash);
    onLogout(hash);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  router.get('/api/me', auth, (_req: Request, res: Response) => {
    res.json(meView(currentUser(res)));
  });

  // The account's interface language, so a person finds their language on any browser they sign in from.
  router.put('/api/me/preferences', auth, async (req: Request, res: Response) => {
    const { locale } = parseBody(PreferencesRequest, req.body);
    const user = currentUser(res);
    await storage.setUserLocale(user.id, locale);
    res.json(meView({ ...user, locale }));
  });

  return router;
}

const meView = (user: UserRecord): MeView => ({ id: user.id, email: user.email, name: user.name, locale: user.locale });
