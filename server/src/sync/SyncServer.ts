import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { MemoId, UserId } from '@accord/shared/ids';
import { NEUTRAL_COLOR, type PresenceUser } from '@accord/shared/memo/presence';
import { CloseCode } from '@accord/shared/protocol/closeCodes';
import { ErrorCode, HTTP_STATUS, type ErrorBody } from '@accord/shared/protocol/errors';
import { EXTENSIONS_PARAM, EXTENSIONS_VERSION, FRESH_PARAM } from '@accord/shared/protocol/messages';
import type { SessionService } from '../auth/SessionService';
import { isSameOrigin } from '../http/sameOrigin';
import type { Storage } from '../storage/Storage';
import { Connection } from './Connection';
import { storedStateMessages } from './StoredStatePush';
import type { DocumentRegistry } from './DocumentRegistry';
import type { ConnectionLimits } from '../limits/ConnectionLimits';

const SYNC_PATH = /^\/sync\/([A-Za-z0-9_-]{1,64})$/;

/**
 * The WebSocket side of the server: `ws(s)://host/sync/<memoId>`. The upgrade
 * is refused with a JSON HTTP error unless the session is valid and the person
 * is a member of the memo (SE1); accepted sockets become Connections bound to
 * the memo's loaded document.
 */
export class SyncServer {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<Connection>();
  private readonly expiryTimer: NodeJS.Timeout;

  constructor(
    private readonly storage: Storage,
    private readonly sessions: SessionService,
    private readonly registry: DocumentRegistry,
    maxMessageBytes: number,
    private readonly connectionLimits: ConnectionLimits,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes, perMessageDeflate: false });
    // Sessions that expire while their socket is open end it within a minute.
    this.expiryTimer = setInterval(() => {
      const now = Date.now();
      for (const c of this.connections) if (c.identity.sessionExpiresAt <= now) c.close(CloseCode.sessionEnded, 'session expired');
    }, 60_000);
    this.expiryTimer.unref();
  }

  /** Closes every socket opened with this session (logout). */
  sessionEnded(sessionHash: string): void {
    for (const c of this.connections) if (c.identity.sessionHash === sessionHash) c.close(CloseCode.sessionEnded, 'logged out');
  }

  /** Handles an HTTP upgrade request; never throws. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.upgrade(req, socket, head).catch((error: unknown) => {
      console.error('upgrade failed:', error);
      refuse(socket, ErrorCode.internal, 'internal error');
    });
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = SYNC_PATH.exec(url.pathname);
    if (!match) return refuse(socket, ErrorCode.notFound, 'no such endpoint');
    if (!isSameOrigin(req.headers.origin, req.headers.host)) return refuse(socket, ErrorCode.forbidden, 'foreign origin');
    const session = await this.sessions.userFromCookieHeader(req.headers.cookie);
    if (!session) return refuse(socket, ErrorCode.unauthenticated, 'log in first');
    const memo = await this.storage.getMemo(match[1] as MemoId);
    if (!memo) return refuse(socket, ErrorCode.notFound, 'no memo with this id');
    const member = await this.storage.getMember(memo.id, session.user.id);
    if (!member) return refuse(socket, ErrorCode.forbidden, 'you are not a member of this memo');

    const party = memo.parties.find((p) => p.id === member.partyId) ?? null;
    const presence: PresenceUser = {
      id: session.user.id,
      name: session.user.name,
      partyId: member.partyId,
      color: party?.color ?? NEUTRAL_COLOR,
      role: member.role,
    };
    const extensions = url.searchParams.get(EXTENSIONS_PARAM) === EXTENSIONS_VERSION;
    const fresh = url.searchParams.get(FRESH_PARAM) === '1';

    this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const connection = new Connection(ws, {
        userId: session.user.id,
        partyId: member.partyId,
        role: member.role,
        presence,
        extensions,
        sessionHash: session.tokenHash,
        sessionExpiresAt: session.expiresAt,
      }, this.connectionLimits, socket);
      this.connections.add(connection);
      let released = false;
      const loading = this.registry.acquire(memo);
      if (fresh) this.registry.storedWhileLoading(memo.id)?.then((stored) => connection.sendStoredState(storedStateMessages(stored)));
      ws.on('close', () => {
        this.connections.delete(connection);
        loading
          .then((doc) => {
            if (released) return;
            released = true;
            return this.registry.release(doc, connection);
          })
          .catch(() => undefined);
      });
      ws.on('error', () => connection.close(1011, 'socket error'));
      loading.then(
        (doc) => connection.attach(doc),
        (error: unknown) => {
          console.error(`memo ${memo.id} refused:`, (error as Error).message);
          connection.close(CloseCode.unavailable, 'memo could not be loaded');
        },
      );
    });
  }

  /** Applies a membership change to open sockets at once: removed → closed for good, changed → asked to reconnect. */
  async membershipChanged(memoId: MemoId, userId: UserId): Promise<void> {
    const member = await this.storage.getMember(memoId, userId);
    for (const c of this.connections) {
      if (c.userId !== userId || c.memo?.id !== memoId) continue;
      if (member) c.close(CloseCode.membershipChanged, 'your role in this memo changed');
      else c.close(CloseCode.forbidden, 'you no longer have access to this memo');
    }
  }

  /** Number of open sockets (tests and metrics). */
  get size(): number {
    return this.connections.size;
  }

  /**
   * Closes every socket (server shutdown): a close frame first, then, after
   * `graceMs`, the socket itself for peers that never answer the handshake.
   */
  async closeAll(graceMs = 500): Promise<void> {
    clearInterval(this.expiryTimer);
    for (const c of this.connections) c.close(1001, 'server shutting down');
    this.wss.close();
    if (this.connections.size === 0) return;
    await new Promise((resolve) => setTimeout(resolve, graceMs));
    for (const c of this.connections) c.terminate();
  }
}

function refuse(socket: Duplex, code: ErrorCode, message: string): void {
  if (socket.destroyed) return;
  const status = HTTP_STATUS[code];
  const body = JSON.stringify({ error: { code, message } } satisfies ErrorBody);
  socket.end(
    `HTTP/1.1 ${status} ${code}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
