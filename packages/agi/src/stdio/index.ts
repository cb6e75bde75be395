export { EAGI_AUDIO_FD, openEagiAudio } from './eagi-audio.ts';
export {
  type AgiStdioCall,
  type AgiStdioHandler,
  runStdioAgi,
  type StdioAgiOptions,
} from './run-stdio-agi.ts';
export { guardStdout, type StdoutGuard } from './stdout-hygiene.ts';
