/**
 * Reads the lab's AMI recordings (test/fixtures/ami-transcripts). Two layouts exist:
 * - the lab recorder's (01–06, 30–42, C1–C14): `>> +0.004s` / `<< +0.004s` headers, `##` notes,
 *   the banner as `Asterisk Call Manager/11.0.0   (banner, one line)`;
 * - the logging proxy's in front of Callgate (10–23): `--- 08:19:22.661 conn1 >> client->asterisk`,
 *   `(banner)` and `(connection closed)` markers.
 * Either way a message is its `Key: Value` lines up to a blank line; secrets and MD5 keys are `***`.
 */
import type { AmiField } from '../../../src/asterisk/ami-message.ts';

export type TranscriptEntry =
  | { kind: 'banner'; version: string }
  | { kind: 'message'; from: 'client' | 'asterisk'; fields: AmiField[] }
  | { kind: 'closed'; by: 'client' | 'asterisk' }
  | { kind: 'note'; text: string };

export interface AmiTranscript {
  name: string;
  /** The leading `#` lines: what was recorded, and how. */
  description: string;
  /** `lab` (+seconds headers) or `proxy` (wall-clock headers, Callgate's own connection). */
  layout: 'lab' | 'proxy';
  entries: TranscriptEntry[];
}

const LAB_HEADER = /^(<<|>>) \+[\d.]+s$/;
const PROXY_HEADER = /^--- [\d:.]+ conn\d+ (<<|>>|==)(.*)$/;
const BANNER = /^Asterisk Call Manager\/(\S+)/;

export function parseAmiTranscript(name: string, text: string): AmiTranscript {
  const lines = text.split('\n');
  const description = lines
    .filter((l) => /^# /.test(l))
    .map((l) => l.slice(2))
    .join(' ');
  const layout = lines.some((l) => PROXY_HEADER.test(l)) ? 'proxy' : 'lab';
  const entries: TranscriptEntry[] = [];
  let from: 'client' | 'asterisk' | 'info' | undefined;
  let body: string[] = [];
  const flush = () => {
    if (from === undefined || from === 'info') {
      body = [];
      return;
    }
    const content = body.filter((l) => l !== '');
    body = [];
    if (content.length === 0) return;
    const first = content[0] ?? '';
    const banner = BANNER.exec(first);
    if (banner && content.length === 1) {
      entries.push({ kind: 'banner', version: banner[1] ?? '' });
      return;
    }
    if (first === '(connection closed)') {
      entries.push({ kind: 'closed', by: from });
      return;
    }
    entries.push({ kind: 'message', from, fields: content.map(parseField) });
  };
  for (const line of lines) {
    const lab = LAB_HEADER.exec(line);
    const proxy = PROXY_HEADER.exec(line);
    if (lab || proxy) {
      flush();
      const arrow = (lab ?? proxy)?.[1];
      from = arrow === '>>' ? 'client' : arrow === '<<' ? 'asterisk' : 'info';
      continue;
    }
    if (line.startsWith('## ')) {
      flush();
      from = undefined;
      entries.push({ kind: 'note', text: line.slice(3) });
      continue;
    }
    if (line.startsWith('#')) continue;
    if (line === '' && from !== undefined) {
      flush();
      continue;
    }
    if (from !== undefined) body.push(line);
  }
  flush();
  return { name, description, layout, entries };
}

/** `Key: Value`, split at the first colon; the value keeps everything after `: ` (may be empty). */
function parseField(line: string): AmiField {
  const colon = line.indexOf(':');
  if (colon < 0) return [line, ''];
  const value = line.slice(colon + 1);
  return [line.slice(0, colon), value.startsWith(' ') ? value.slice(1) : value];
}
