import { SyncStep } from '@accord/shared/protocol/messages';
import type { StoredDocument } from '../storage/Storage';
import { EMPTY_UPDATE, syncMessage } from './syncMessage';

/**
 * A page opening a memo that is still loading gets the memo's stored state
 * straight from storage, before the server has decoded it.
 *
 * Loading a big memo means decoding its checkpoint into a Y.Doc: 0.2–0.3 s
 * for 1,000 clauses in two languages, on the server's one thread, during which
 * the page waited for its first sync message and then spent as long again
 * decoding the same bytes itself. A page whose document is empty says so when
 * it connects (`fresh=1`, see FRESH_PARAM); while its memo loads, the server
 * sends it the stored checkpoint as sync step 2 and the stored updates after
 * it as sync updates, as soon as they are read, and decodes its own copy
 * while the page decodes the same bytes. Only stored rows are sent: committed
 * state (DU1). The page's own sync step 1 is later answered with what was
 * committed since those rows were read (MemoDocument.answerStoredStatePeer).
 */
export function storedStateMessages(stored: StoredDocument): Uint8Array[] {
  const messages = [syncMessage(SyncStep.step2, stored.checkpoint?.state ?? EMPTY_UPDATE)];
  for (const update of stored.tail) messages.push(syncMessage(SyncStep.update, update.update));
  return messages;
}
