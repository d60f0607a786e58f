/**
 * The y-websocket server URL for this page's origin (`ws(s)://host/sync`).
 * The sync socket lives on the same origin as the page so that the session
 * cookie travels with the upgrade request and no CORS setup is needed; the
 * provider appends `/<memoId>` itself.
 */
export function syncServerUrl(location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/sync`;
}
