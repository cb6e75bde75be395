import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';

/** The application side of one FastAGI connection, written out by hand for tests. */
export interface ScriptConnection {
  socket: Socket;
  env: Record<string, string>;
  /** Sends one command line and reads its whole reply (520 blocks and 100 lines included). */
  command(line: string): Promise<string[]>;
  /** Reads the next line Asterisk writes (undefined at EOF). */
  readLine(): Promise<string | undefined>;
  /** Resolves when Asterisk closes its side. */
  ended: Promise<void>;
}

/** A tiny FastAGI server (node:net, no library code) that runs `script` for each connection. */
export async function startScriptServer(script: (conn: ScriptConnection) => Promise<void>): Promise<{
  url: (path?: string) => string;
  close: () => Promise<void>;
  /** Resolves when every connection's script has finished. */
  settled: () => Promise<void>;
  errors: unknown[];
}> {
  const errors: unknown[] = [];
  const running: Array<Promise<void>> = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const done = (async () => {
      try {
        const conn = connection(socket);
        for (;;) {
          const line = await conn.readLine();
          if (line === undefined || line === '') break;
          const at = line.indexOf(': ');
          conn.env[line.slice(0, at)] = line.slice(at + 2);
        }
        await script(conn);
      } catch (err) {
        errors.push(err);
      } finally {
        socket.end();
      }
    })();
    running.push(done);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: (path = 'test') => `agi://127.0.0.1:${port}/${path}`,
    errors,
    settled: async () => {
      await Promise.all(running);
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function connection(socket: Socket): ScriptConnection {
  let buffer = '';
  let eof = false;
  const waiters: Array<() => void> = [];
  const wake = (): void => {
    for (const w of waiters.splice(0)) w();
  };
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    wake();
  });
  const ended = new Promise<void>((resolve) =>
    socket.on('end', () => {
      eof = true;
      wake();
      resolve();
    }),
  );
  const readLine = async (): Promise<string | undefined> => {
    for (;;) {
      const nl = buffer.indexOf('\n');
      if (nl !== -1) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        return line;
      }
      if (eof) return undefined;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return {
    socket,
    env: {},
    ended,
    readLine,
    async command(line: string) {
      socket.write(`${line}\n`);
      const lines: string[] = [];
      for (;;) {
        const reply = await readLine();
        if (reply === undefined) return lines;
        lines.push(reply);
        if (reply.startsWith('200') || reply.startsWith('510') || reply.startsWith('511')) return lines;
        if (reply.startsWith('520 ')) return lines;
      }
    },
  };
}
