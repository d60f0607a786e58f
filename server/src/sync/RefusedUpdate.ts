import type { ClauseId } from '@accord/shared/ids';
import type { ErrorCode } from '@accord/shared/protocol/errors';

/**
 * Thrown by the update checks when an incoming Yjs update must not be applied.
 * Nothing of a refused update is stored or broadcast; the sender gets a notice.
 */
export class RefusedUpdate extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly clauseId?: ClauseId,
    /**
     * True when a fresh sync would cure it (an update that arrived before the sync step 2 it depends on,
     * as y-websocket sends after a reconnect): the socket closes with a transient code and the client resyncs.
     */
    readonly transient = false,
  ) {
    super(message);
    this.name = 'RefusedUpdate';
  }
}
