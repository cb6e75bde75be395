import { createReadStream, fstatSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Readable } from 'node:stream';

/** The file descriptor on which Asterisk's EAGI() passes the caller's audio. */
export const EAGI_AUDIO_FD = 3;

/**
 * Opens the EAGI audio (signed 16-bit linear, 8 kHz by default) when fd 3 carries it, else returns
 * undefined. "Open" is not enough: with no fd 3 inherited, Node itself reuses number 3 for an
 * internal epoll or eventfd descriptor. Only a pipe, socket or regular file counts as audio.
 */
export function openEagiAudio(fd: number = EAGI_AUDIO_FD): Readable | undefined {
  let stats: ReturnType<typeof fstatSync>;
  try {
    stats = fstatSync(fd);
  } catch {
    return undefined;
  }
  if (stats.isFIFO() || stats.isSocket()) {
    // A net.Socket reads a pipe without tying up a libuv thread-pool thread per read.
    const socket = new Socket({ fd, readable: true, writable: false });
    socket.on('error', () => {});
    return socket;
  }
  if (stats.isFile()) return createReadStream('', { fd, autoClose: false });
  return undefined;
}
