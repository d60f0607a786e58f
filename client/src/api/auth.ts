import type { MeView, PreferencesRequest } from '@accord/shared/memo/schema';
import { apiRequest } from './http';
import { ApiError } from './ApiError';

/** Signs in; the server sets the session cookie. Rejects with `invalid_credentials` on a wrong password. */
export async function login(email: string, password: string): Promise<MeView> {
  const result = await apiRequest<{ user: MeView }>('POST', '/api/auth/login', { email, password });
  return result.user;
}

/** Ends the session on the server (the cookie is cleared there). */
export async function logout(): Promise<void> {
  await apiRequest<void>('POST', '/api/auth/logout');
}

/** The signed-in person, or null when there is no valid session (401). */
export async function fetchMe(): Promise<MeView | null> {
  try {
    return await apiRequest<MeView>('GET', '/api/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** Remembers the interface language on the account (`PUT /api/me/preferences`); resolves with the updated person. */
export async function savePreferences(preferences: PreferencesRequest): Promise<MeView> {
  return apiRequest<MeView>('PUT', '/api/me/preferences', preferences);
}
