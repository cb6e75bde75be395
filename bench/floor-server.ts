import { createServer, type Server, type Socket } from 'node:net';
import { HOLD_COMMAND, WORKLOAD_COMMANDS } from './agi-workload.ts';

/**
 * The floor: the least a FastAGI server can do for the workload, on a bare net.Socket with no
 * framework. It reads the environment up to the blank line, then sends each command and waits for
 * one `\n`-terminated reply line before the next, then closes. No parsing beyond finding newlines,
 * no timers, no events, no limits: our server is measured against this.
 */
export function startFloorServer(mode: 'run' | 'hold'): Promise<Server> {
  const server = createServer({ noDelay: true }, (socket) => serve(socket, mode));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function serve(socket: Socket, mode: 'run' | 'hold'): void {
  let buffered = '';
  let inEnvironment = true;
  let next = 0;
  socket.setEncoding('latin1');
  socket.on('error', () => {});
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let nl = buffered.indexOf('\n');
    while (nl !== -1) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (inEnvironment) {
        if (line === '') {
          inEnvironment = false;
          sendNext();
        }
      } else if (!line.startsWith('HANGUP')) {
        sendNext();
      }
      nl = buffered.indexOf('\n');
    }
  });

  function sendNext(): void {
    if (mode === 'hold') {
      if (next++ === 0) socket.write(`${HOLD_COMMAND}\n`);
      else socket.end();
      return;
    }
    const command = WORKLOAD_COMMANDS[next++];
    if (command === undefined) socket.end();
    else socket.write(`${command}\n`);
  }
}
