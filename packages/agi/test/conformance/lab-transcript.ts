/** One line of a lab transcript (test/fixtures/lab-transcripts/*.txt). */
export type TranscriptEntry =
  | { kind: 'from-asterisk' | 'to-asterisk'; at: number; bytes: Buffer }
  | { kind: 'note'; at: number; text: string }
  | { kind: 'ami'; at: number; action: string; fields: Record<string, string> };

/** Decodes a Python bytes literal (`b'...'` or `b"..."`) as the transcripts print them. */
export function parsePythonBytes(literal: string): Buffer {
  const match = /^b(['"])(.*)\1$/s.exec(literal.trim());
  if (!match) throw new Error(`not a bytes literal: ${literal}`);
  const body = match[2]!;
  const out: number[] = [];
  const simple: Record<string, number> = {
    n: 0x0a,
    r: 0x0d,
    t: 0x09,
    '\\': 0x5c,
    "'": 0x27,
    '"': 0x22,
    '0': 0,
  };
  for (let i = 0; i < body.length; i += 1) {
    const char = body[i]!;
    if (char !== '\\') {
      out.push(char.charCodeAt(0));
      continue;
    }
    const next = body[i + 1]!;
    if (next === 'x') {
      out.push(Number.parseInt(body.slice(i + 2, i + 4), 16));
      i += 3;
    } else if (next in simple) {
      out.push(simple[next]!);
      i += 1;
    } else {
      out.push(0x5c);
    }
  }
  return Buffer.from(out);
}

const entryLine = /^\+\s+([\d.]+)s\s+\S+\s+(<<|>>|##|AMI)\s+(.*)$/;

/** The timed entries of a transcript, in file order (Asterisk's own log lines are left out). */
export function parseLabTranscript(text: string): TranscriptEntry[] {
  const entries: TranscriptEntry[] = [];
  for (const line of text.split('\n')) {
    const match = entryLine.exec(line);
    if (!match) continue;
    const at = Math.round(Number.parseFloat(match[1]!) * 1000);
    const rest = match[3]!;
    switch (match[2]) {
      case '<<':
        entries.push({ kind: 'from-asterisk', at, bytes: parsePythonBytes(rest) });
        break;
      case '>>':
        entries.push({ kind: 'to-asterisk', at, bytes: parsePythonBytes(rest) });
        break;
      case '##':
        entries.push({ kind: 'note', at, text: rest });
        break;
      default: {
        const action = /^Action: (\w+) \{(.*?)\} ->/.exec(rest);
        if (!action) break;
        const fields: Record<string, string> = {};
        for (const [, key, value] of action[2]!.matchAll(/'(\w+)': '?([^',]*)'?/g)) fields[key!] = value!;
        entries.push({ kind: 'ami', at, action: action[1]!, fields });
      }
    }
  }
  return entries;
}

/** AGISTATUS per scenario from SUMMARY.txt (the h-extension line, which every scenario has). */
export function parseSummary(text: string): Map<string, string> {
  const statuses = new Map<string, string>();
  let scenario = '';
  for (const line of text.split('\n')) {
    if (/^\S/.test(line) && !line.startsWith('#')) scenario = line.trim();
    const status = /h-exten: AGISTATUS=(\w+)/.exec(line);
    if (status && scenario) statuses.set(scenario, status[1]!);
  }
  return statuses;
}
