import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { agiCommandName, createCallgateMetrics } from '../../src/metrics/index.ts';

describe('agiCommandName', () => {
  test('keeps the command words and drops arguments', () => {
    assert.equal(agiCommandName('GET DATA agent-pass 5000 12'), 'GET DATA');
    assert.equal(agiCommandName('stream file "hello world" "#"'), 'STREAM FILE');
    assert.equal(agiCommandName('SET VARIABLE CALLGATE_STATUS OK'), 'SET VARIABLE');
    assert.equal(agiCommandName('WAIT FOR DIGIT 1000'), 'WAIT FOR DIGIT');
    assert.equal(agiCommandName('DATABASE DELTREE fam'), 'DATABASE DELTREE');
    assert.equal(agiCommandName('ANSWER'), 'ANSWER');
  });

  test('EXEC keeps a plain application name only', () => {
    assert.equal(agiCommandName('EXEC ConfBridge 8600051,default'), 'EXEC ConfBridge');
    assert.equal(agiCommandName('EXEC "Playback" beep'), 'EXEC Playback');
    assert.equal(agiCommandName('EXEC $(weird) x'), 'EXEC');
  });

  test('anything else is UNKNOWN, so callers cannot mint label values', () => {
    assert.equal(agiCommandName('FOO 1234'), 'UNKNOWN');
    assert.equal(agiCommandName('GET'), 'UNKNOWN');
    assert.equal(agiCommandName(''), 'UNKNOWN');
  });
});

describe('createCallgateMetrics', () => {
  test('each instance has its own registry with the callgate metrics and process metrics', async () => {
    const a = createCallgateMetrics();
    const b = createCallgateMetrics();
    a.agiSessionsStarted.inc({ route: 'agent-dial-in' });
    const textA = await a.registry.metrics();
    const textB = await b.registry.metrics();
    assert.match(textA, /callgate_agi_sessions_started_total\{route="agent-dial-in"\} 1/);
    assert.doesNotMatch(textB, /route="agent-dial-in"/);
    assert.match(textA, /process_cpu_user_seconds_total/);
    assert.match(textA, /callgate_http_request_duration_seconds/);
  });

  test('agent session gauge is read from the counter at scrape time, every state present', async () => {
    let counts: Record<string, number> = { ready: 2 };
    const metrics = createCallgateMetrics({ countAgentSessions: async () => counts });
    let text = await metrics.registry.metrics();
    assert.match(text, /callgate_agent_sessions\{state="ready"\} 2/);
    assert.match(text, /callgate_agent_sessions\{state="paused"\} 0/);
    counts = { paused: 1 };
    text = await metrics.registry.metrics();
    assert.match(text, /callgate_agent_sessions\{state="ready"\} 0/);
    assert.match(text, /callgate_agent_sessions\{state="paused"\} 1/);
  });

  test('a failing counter does not break the scrape', async () => {
    const metrics = createCallgateMetrics({
      countAgentSessions: async () => {
        throw new Error('database down');
      },
    });
    metrics.agiRefused.inc({ reason: 'not_allowed' });
    assert.match(
      await metrics.registry.metrics(),
      /callgate_agi_refused_connections_total\{reason="not_allowed"\} 1/,
    );
  });
});

describe('AGI stats at scrape time', () => {
  test('active and pending gauges mirror the server; refusals are added as they grow', async () => {
    const stats = {
      sessionsActive: 3,
      pendingConnections: 7,
      refused: { address: 2, capacity: 0 } as Record<string, number>,
    };
    const metrics = createCallgateMetrics({ agiStats: () => stats });
    let text = await metrics.registry.metrics();
    assert.match(text, /callgate_agi_sessions_active 3/);
    assert.match(text, /callgate_agi_connections_pending 7/);
    assert.match(text, /callgate_agi_refused_connections_total\{reason="address"\} 2/);
    assert.match(text, /callgate_agi_refused_connections_total\{reason="capacity"\} 0/);
    stats.sessionsActive = 0;
    stats.pendingConnections = 0;
    stats.refused = { address: 5, capacity: 1, peer_capacity: 950 };
    text = await metrics.registry.metrics();
    assert.match(text, /callgate_agi_sessions_active 0/);
    assert.match(text, /callgate_agi_connections_pending 0/);
    assert.match(text, /callgate_agi_refused_connections_total\{reason="peer_capacity"\} 950/);
    assert.match(text, /callgate_agi_refused_connections_total\{reason="address"\} 5/);
    assert.match(text, /callgate_agi_refused_connections_total\{reason="capacity"\} 1/);
  });
});
