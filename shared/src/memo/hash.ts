import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type * as Y from 'yjs';
import type { ClauseId, LanguageCode } from '../ids';
import { canonicalClause } from './canonical';

/**
 * CL1: a clause's content hash — lowercase hex SHA-256 of its canonical
 * serialisation. Synchronous and dependency-free so that the browser and the
 * server compute it from the same code and get the same answer.
 */
export function clauseHash(doc: Y.Doc, clauseId: ClauseId | string, languages: readonly (LanguageCode | string)[]): string {
  return sha256Hex(canonicalClause(doc, clauseId, languages));
}

/** Lowercase hex SHA-256 of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
