import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { newId, type LanguageCode, type PartyId, type UserId } from '@accord/shared/ids';
import type { Party, Role } from '@accord/shared/memo/schema';
import { hashPassword, type PasswordCost } from '../auth/passwords';
import type { Storage } from '../storage/Storage';
import { demoMemoSeed } from './demoMemo';
import { demoParties, demoPeople } from './demoParties';
import type { MemoService } from './MemoService';

/** One line of `DATA_DIR/demo-accounts.json` (the external contract). */
export interface DemoAccount {
  email: string;
  password: string;
  name: string;
  party: string | null;
  role: string;
}

export const DEMO_ACCOUNTS_FILE = 'demo-accounts.json';

/**
 * First start on an empty data folder: creates the demo accounts (random
 * passwords per data folder) and the demo memo, and writes the accounts to
 * `DATA_DIR/demo-accounts.json`. Later starts read that file back so the
 * printed accounts stay the same. Returns the accounts, or [] when the
 * folder already had other users and no demo file.
 */
export async function ensureDemo(storage: Storage, memos: MemoService, dataDir: string, cost: PasswordCost): Promise<DemoAccount[]> {
  const file = path.join(dataDir, DEMO_ACCOUNTS_FILE);
  if ((await storage.countUsers()) > 0) {
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as DemoAccount[]) : [];
  }
  const accounts: DemoAccount[] = [];
  const members: Array<{ userId: UserId; partyId: PartyId | null; role: Role }> = [];
  for (const person of demoPeople) {
    const password = crypto.randomBytes(9).toString('base64url');
    const id = newId() as UserId;
    await storage.createUser({ id, email: person.email, name: person.name, passwordHash: await hashPassword(password, cost), createdAt: Date.now() });
    accounts.push({ email: person.email, password, name: person.name, party: person.party, role: person.role });
    members.push({ userId: id, partyId: person.party as PartyId | null, role: person.role });
  }
  const facilitator = members.find((m) => m.role === 'facilitator') ?? members[0]!;
  const parties: Party[] = demoParties.map((p) => ({ id: p.id as PartyId, name: { ...p.name }, color: p.color }));
  const languages = ['zh', 'en'] as LanguageCode[];
  await memos.create({
    title: (demoMemoSeed.titleBlock[languages[0]!] ?? 'Demo memo').split('\n')[0]!,
    ownerId: facilitator.userId,
    parties,
    languages,
    seed: demoMemoSeed,
    members,
  });
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(accounts, null, 2) + '\n', { mode: 0o600 });
  return accounts;
}
