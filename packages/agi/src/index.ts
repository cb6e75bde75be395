export { AgiError, type AgiErrorCode, isAgiError } from './errors.ts';
