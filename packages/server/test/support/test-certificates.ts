/**
 * A private CA and a server certificate it signed, made in a temp directory with the machine's
 * `openssl` for one test run (nothing read from outside the repository, nothing kept).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  /** The CA's certificate (what `--ami-ca-file` points at). */
  caCert: string;
  caCertFile: string;
  /** The server's key and certificate, for `subjectAltName` names below. */
  serverKey: string;
  serverCert: string;
  /** A self-signed server certificate no CA vouches for. */
  selfSignedKey: string;
  selfSignedCert: string;
  remove(): void;
}

/** Certificates for `127.0.0.1` and `localhost` (the server) signed by a fresh CA. */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'callgate-tls-'));
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const key = (name: string) =>
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path(name));

  key('ca.key');
  openssl(
    'req',
    '-x509',
    '-new',
    '-key',
    path('ca.key'),
    '-sha256',
    '-days',
    '2',
    '-subj',
    '/CN=Callgate test CA',
    '-out',
    path('ca.crt'),
  );

  key('server.key');
  openssl('req', '-new', '-key', path('server.key'), '-subj', '/CN=localhost', '-out', path('server.csr'));
  writeFileSync(
    path('server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n',
  );
  openssl(
    'x509',
    '-req',
    '-in',
    path('server.csr'),
    '-CA',
    path('ca.crt'),
    '-CAkey',
    path('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-sha256',
    '-extfile',
    path('server.ext'),
    '-out',
    path('server.crt'),
  );

  key('self.key');
  openssl(
    'req',
    '-x509',
    '-new',
    '-key',
    path('self.key'),
    '-sha256',
    '-days',
    '2',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-out',
    path('self.crt'),
  );

  const read = (name: string) => readFileSync(path(name), 'utf8');
  return {
    caCert: read('ca.crt'),
    caCertFile: path('ca.crt'),
    serverKey: read('server.key'),
    serverCert: read('server.crt'),
    selfSignedKey: read('self.key'),
    selfSignedCert: read('self.crt'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
