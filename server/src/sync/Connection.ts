import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import type { PartyId, UserId } from '@accord/shared/ids';
import type { PresenceUser } from '@accord/shared/memo/presence';
import { canEdit, type Role } from '@accord/shared/memo/schema';
import { CloseCode } from '@accord/shared/protocol/closeCodes';
import { ErrorCode } from '@accord/shared/protocol/errors';
import { MessageType, SyncStep, encodeNotice } from '@accord/shared/protocol/messages';
import type { DocumentPeer, MemoDocument } from './MemoDocument';
import type { OutgoingFrame } from './OutgoingFrame';
import { RefusedUpdate } from './RefusedUpdate';
import type { ConnectionLimits } from '../limits/ConnectionLimits';
import { TokenBucket } from '../limits/TokenBucket';
import { stampAwareness } from './stampAwareness';

let nextConnectionId = 1;

/** Who is behind a connection, as the server established at upgrade time. */
export interface ConnectionIdentity {
  userId: UserId;
  partyId: PartyId | null;
  role: Role;
  presence: PresenceUser;
  /** The client asked for Accord's own message types (`accord=1`). */
  extensions: boolean;
  /** The session behind the socket: it closes when the session ends. */
  sessionHash: string;
  sessionExpiresAt: number;
}

/**
 * One WebSocket of one person to one memo. Frames are handled strictly in
 * order (a sync step 1 waits for pending commits), each through
 * decode → authorise → MemoDocument. A frame that cannot be decoded closes the
 * socket with `badMessage`; a refused update is explained with a notice.
 */
export class Connection implements DocumentPeer {
  readonly id = nextConnectionId++;
  private doc: MemoDocument | null = null;
  private readonly ready: Promise<MemoDocument>;
  private resolveReady: (doc: MemoDocument) => void = () => {};
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  /** Sent the stored state before its memo loaded (StoredStatePush): its first empty sync step 1 asks only for what followed. */
  private storedStateSent = false;
  /** The awareness client id this connection speaks for, fixed by its first awareness message. */
  private awarenessId: number | null = null;

  private readonly limits: { messages: TokenBucket; bytes: TokenBucket };
  private readonly maxBufferedBytes: number;

  constructor(
    private readonly ws: WebSocket,
    readonly identity: ConnectionIdentity,
    limits: ConnectionLimits,
    /** The TCP socket under `ws`: shared broadcast frames are written to it directly (OutgoingFrame). */
    private readonly socket: Duplex | null = null,
  ) {
    this.limits = {
      messages: new TokenBucket(limits.messagesPerSecond * 2, limits.messagesPerSecond),
      bytes: new TokenBucket(limits.bytesPerSecond * 2, limits.bytesPerSecond),
    };
    this.maxBufferedBytes = limits.maxBufferedBytes;
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    ws.on('message', (data: RawData, isBinary: boolean) => this.onFrame(data, isBinary));
  }

  get userId(): UserId {
    return this.identity.userId;
  }
  get partyId(): PartyId | null {
    return this.identity.partyId;
  }
  get extensions(): boolean {
    return this.identity.extensions;
  }
  get memo(): MemoDocument | null {
    return this.doc;
  }

  /** Binds the connection to its loaded memo; frames received meanwhile were queued. */
  attach(doc: MemoDocument): void {
    this.doc = doc;
    doc.addPeer(this);
    this.resolveReady(doc);
  }

  /** Sends the memo's stored state while the memo still loads (StoredStatePush); only before `attach`. */
  sendStoredState(messages: readonly Uint8Array[]): void {
    if (this.doc !== null || this.closed) return;
    this.storedStateSent = true;
    for (const message of messages) this.send(message);
  }

  send(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(message, (error) => {
      if (error) this.close(1011, 'send failed');
    });
    this.checkBacklog();
  }

  sendFrames(frames: readonly OutgoingFrame[]): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (!this.socket) {
      for (const frame of frames) this.send(frame.payload);
      return;
    }
    // One write for all of them, with bytes framed once for every peer (OutgoingFrame).
    this.socket.write(frames.length === 1 ? frames[0]!.wire : Buffer.concat(frames.map((f) => f.wire)));
    this.checkBacklog();
  }

  // A peer that does not read would make the server hold every broadcast for it: past the limit it is
  // closed (its close frame waits behind the backlog; ws destroys the socket if it never drains).
  private checkBacklog(): void {
    const buffered = this.socket?.writableLength ?? this.ws.bufferedAmount;
    if (buffered > this.maxBufferedBytes) this.close(CloseCode.tooSlow, 'not reading what the server sends; reconnect to resync');
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.ws.close(code, reason.slice(0, 120));
  }

  /** Drops the socket without waiting for the peer's close handshake (shutdown). */
  terminate(): void {
    this.closed = true;
    this.ws.terminate();
  }

  private notify(code: ErrorCode, message: string): void {
    if (this.extensions) this.send(encodeNotice({ code, message }));
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    if (!isBinary) return this.close(CloseCode.badMessage, 'text frames are not part of the protocol');
    const bytes = toBytes(data);
    if (!this.limits.messages.take(1) || !this.limits.bytes.take(bytes.byteLength)) {
      return this.close(CloseCode.rateLimited, 'too many messages; slow down');
    }
    this.queue = this.queue
      .then(() => this.ready)
      .then((doc) => this.handle(doc, bytes))
      .catch((error: unknown) => {
        if (error instanceof RefusedUpdate) {
          this.notify(error.code, error.message);
          this.close(error.transient ? CloseCode.resync : CloseCode.badMessage, error.message);
        } else {
          this.close(CloseCode.badMessage, 'malformed message');
        }
      });
  }

  private async handle(doc: MemoDocument, bytes: Uint8Array): Promise<void> {
    if (this.closed) return;
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.sync: {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (step === SyncStep.step1) {
          const stateVector = Y.decodeStateVector(payload); // throws on a malformed state vector
          if (this.storedStateSent) {
            this.storedStateSent = false;
            if (stateVector.size === 0) return doc.answerStoredStatePeer(this);
          }
          return doc.answerSyncStep1(this, payload);
        }
        if (step !== SyncStep.step2 && step !== SyncStep.update) throw new Error('unknown sync step');
        if (!canEdit(this.identity.role)) {
          if (!isEmptyUpdate(payload)) this.notify(ErrorCode.forbidden, 'observers cannot change the memo');
          return;
        }
        return doc.receiveUpdate(this, payload);
      }
      case MessageType.awareness: {
        const update = decoding.readVarUint8Array(decoder);
        const stamped = stampAwareness(update, this.identity.presence, this.awarenessId, (id) => doc.isAwarenessIdTaken(this, id));
        if (!stamped) return;
        this.awarenessId = stamped.clientId;
        return doc.applyAwareness(this, stamped.update, stamped.clientId);
      }
      case MessageType.queryAwareness: {
        const snapshot = doc.awarenessSnapshot();
        if (snapshot) this.send(snapshot);
        return;
      }
      case MessageType.auth:
        return; // servers send auth messages; a client's is ignored
      default:
        throw new Error(`unknown message type ${type}`);
    }
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** An update with no structs and no deletions (what a client with nothing new sends in sync step 2). */
function isEmptyUpdate(update: Uint8Array): boolean {
  try {
    const { structs, ds } = Y.decodeUpdate(update);
    return structs.length === 0 && ds.clients.size === 0;
  } catch {
    return false;
  }
}
