import { sha256Hex } from '@accord/shared/memo/hash';
import { stableStringify } from '@accord/shared/memo/canonical';
import type { AuditEntry, NewAuditEntry } from '../storage/Storage';

/** The hash before the first entry of every memo's chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * AU1: an entry's hash covers the previous entry's hash and every field of the
 * entry (canonical JSON), so altering, reordering or removing any entry breaks
 * every later link.
 */
export function auditHash(memoId: string, seq: number, prevHash: string, entry: NewAuditEntry): string {
  return sha256Hex(
    stableStringify({ memoId, seq, prevHash, at: entry.at, type: entry.type, userId: entry.userId, partyId: entry.partyId, clauseId: entry.clauseId, data: entry.data }),
  );
}

/** Result of walking a chain: ok, or the first entry that does not verify and why. */
export type AuditVerdict = { ok: true; entries: number } | { ok: false; entries: number; brokenAt: number; reason: string };

/** Walks a memo's chain from the start and reports the first broken entry. */
export function verifyAuditChain(memoId: string, entries: readonly AuditEntry[]): AuditVerdict {
  let prev = GENESIS_HASH;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.seq !== i + 1) return { ok: false, entries: entries.length, brokenAt: i + 1, reason: `entry ${i + 1} is missing (found seq ${e.seq})` };
    if (e.prevHash !== prev) return { ok: false, entries: entries.length, brokenAt: e.seq, reason: `entry ${e.seq} does not link to entry ${e.seq - 1}` };
    if (auditHash(memoId, e.seq, e.prevHash, e) !== e.hash) return { ok: false, entries: entries.length, brokenAt: e.seq, reason: `entry ${e.seq} was altered` };
    prev = e.hash;
  }
  return { ok: true, entries: entries.length };
}
