/** How long work waits for a frame at most: a hidden tab paints none, and the work must still run. */
export const NO_FRAME_FALLBACK_MS = 100;

let queued: Array<() => void> = [];
let frame: number | null = null;
let fallback: ReturnType<typeof setTimeout> | null = null;
let channel: MessageChannel | null = null;
// Counts batches, so that a message still in flight when the fallback already ran the batch does nothing.
let batch = 0;

/**
 * Runs `callback` as soon as the browser has painted its next frame: in a
 * task posted from that frame's animation callbacks, which runs once the
 * frame's style, layout and paint are done. Work that must follow a
 * keystroke but that the person cannot see (writing it into the shared
 * document, sending it, moving one's caret for others) goes here, so the
 * typed character shows first. Callbacks run in the order they were given;
 * one that throws does not stop the others (its error is reported as
 * uncaught).
 *
 * A document that paints no frames (a hidden tab) still runs the callbacks,
 * after {@link NO_FRAME_FALLBACK_MS}.
 */
export function afterNextPaint(callback: () => void): void {
  queued.push(callback);
  if (queued.length > 1) return;
  batch += 1;
  const current = batch;
  channel ??= createChannel();
  const port = channel.port2;
  frame = requestAnimationFrame(() => {
    frame = null;
    port.postMessage(current);
  });
  fallback = setTimeout(runQueued, NO_FRAME_FALLBACK_MS);
}

function createChannel(): MessageChannel {
  const created = new MessageChannel();
  created.port1.onmessage = (event: MessageEvent<number>) => {
    if (event.data === batch) runQueued();
  };
  return created;
}

function runQueued(): void {
  if (frame !== null) cancelAnimationFrame(frame);
  if (fallback !== null) clearTimeout(fallback);
  frame = null;
  fallback = null;
  batch += 1;
  const callbacks = queued;
  queued = [];
  for (const callback of callbacks) {
    try {
      callback();
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}
