import { useEffect } from 'react';
import type { ConnectionState } from '../../../shared/ipc/client';

/**
 * While the page has no connection to main, nothing it shows is being refreshed. Data older
 * than its poll interval plus this margin is then marked stale everywhere (cluster headers,
 * rows, topology boxes, lag edges, the status bar), so a frozen wall screen never keeps
 * saying "ok". A short blip inside the margin changes nothing on screen.
 */
export const disconnectedMarginMs = 5_000;

/** Why data turned stale while disconnected, as the cluster headers and health reasons say it. */
export const noConnectionMessage = 'no connection to the console';

interface ClusterFreshness {
  state: 'ok' | 'stale' | 'error';
  lastSuccessAt: number | null;
  error: { code: string; message: string } | null;
}

/**
 * The cluster as it must read while main cannot be reached, when its data (last refreshed at
 * `lastSuccessAt`, on main's clock) has outlived its interval plus the margin at `mainNow`;
 * null while it has not, or when it already is not ok.
 */
export function staleWithoutConnection<Cluster extends ClusterFreshness>(
  cluster: Cluster,
  intervalMs: number,
  mainNow: number,
): Cluster | null {
  if (cluster.state !== 'ok' || cluster.lastSuccessAt === null) return null;
  if (mainNow - cluster.lastSuccessAt <= intervalMs + disconnectedMarginMs) return null;
  return { ...cluster, state: 'stale', error: { code: 'UNAVAILABLE', message: noConnectionMessage } };
}

/** Calls `markDisconnected` once a second while the connection is down, and at once when it drops. */
export function useStaleWhileDisconnected(
  connection: ConnectionState,
  markDisconnected: (now: number) => void,
): void {
  useEffect(() => {
    if (connection === 'open' || connection === 'connecting') return;
    markDisconnected(Date.now());
    const timer = setInterval(() => markDisconnected(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [connection, markDisconnected]);
}
