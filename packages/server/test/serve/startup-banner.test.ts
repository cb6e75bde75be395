import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatStartupBanner, maskDatabaseUrl } from '../../src/runtime/startup-banner.ts';

const base = {
  consoleUrl: 'http://127.0.0.1:8080/',
  agiHost: '127.0.0.1',
  agiPort: 4573,
  agiAllow: ['127.0.0.1/32'],
  secretSet: false,
  dialinNumber: '2345',
  database: 'sqlite:./data/callgate.sqlite',
  appsLoaded: true,
  shutdownDeadlineMs: 10000,
};

test('first start: links, demo logins, dialplan and the simulator command', () => {
  const text = formatStartupBanner({
    ...base,
    demoLogins: [
      { userId: '9000', name: 'Admin', role: 'admin', password: 'admin-pass' },
      { userId: '1001', name: 'Alice', role: 'agent', password: 'alice-pass', pin: '4321' },
    ],
  });
  assert.match(text, /Web console {3}http:\/\/127\.0\.0\.1:8080\//);
  assert.match(text, /http:\/\/127\.0\.0\.1:8080\/healthz/);
  assert.match(text, /9000 .*password admin-pass/);
  assert.match(text, /1001 .*dial-in PIN 4321/);
  assert.match(text, /exten => 2345,1,Answer\(\)/);
  assert.match(text, /AGI\(agi:\/\/127\.0\.0\.1:4573\/agent-dial-in\)/);
  assert.match(text, /call agi:\/\/127\.0\.0\.1:4573\/agent-dial-in --keys "1001#4321#"/);
});

test('later starts print no credentials; a secret shows as a placeholder only', () => {
  const text = formatStartupBanner({ ...base, secretSet: true, agiHost: 'pbx-gw', dialinNumber: '777' });
  assert.doesNotMatch(text, /password|PIN \d/);
  assert.match(text, /AGI\(agi:\/\/pbx-gw:4573\/agent-dial-in\?secret=<CALLGATE_AGI_SECRET>\)/);
  assert.match(text, /exten => 777,1/);
  assert.match(text, /--keys "<userId>#<pin>#"/);
});

test('IPv6 hosts are bracketed and missing apps are said', () => {
  const text = formatStartupBanner({ ...base, agiHost: '::1', appsLoaded: false });
  assert.match(text, /agi:\/\/\[::1\]:4573/);
  assert.match(text, /none loaded/);
});

test('database passwords are masked', () => {
  assert.equal(maskDatabaseUrl('postgres://cg:s3cret@db:5432/cg'), 'postgres://cg:***@db:5432/cg');
  assert.equal(maskDatabaseUrl('sqlite:./x.sqlite'), 'sqlite:./x.sqlite');
});
