/**
 * Callgate's domain: agents, devices, contacts, pause codes, agent sessions, the dial-in guard
 * and the audit log, as plain TypeScript over a Store (see store-port.ts; `openStore` in
 * ../store implements it). No HTTP, AGI or SQL here.
 *
 *   const store = await openStore('sqlite:./data/callgate.sqlite'); await store.migrate();
 *   const services = createServices({ store, clock?, config?, events? });
 *   services.agents      create, get, findByUserId, list, update, disable, count
 *   services.devices     create, get, findByEndpoint, list, update, listAvailable, setRegistration
 *   services.contacts    create, get, findByOfficeNum, list, update, remove
 *   services.pauseCodes  create, get, list, update
 *   services.sessions    start, get, findOpenSessionForAgent, listOpen, touch, pause, ready,
 *                        beginCall, endCall, end, claimPhoneLeg, connectPhoneLeg,
 *                        releasePhoneLeg, sweepStaleSessions, stateLog, agentStateLog
 *   services.dialIn      verifyDialIn({ userId, pin?, callerId, channel, uniqueid, mode, attempt })
 *   services.webLogin    verifyLogin({ userId, password, remoteIp, deviceToken })
 *   services.locks       listLocked, lockedForUser, unlock, unlockUser (login lanes: login-lanes.ts)
 *   services.audit       record, flushDeferred, list, listSessionEvents
 *   services.webSessions create, touch, revoke, revokeAllForAgent, purgeExpired (web logins)
 *   services.events      subscribe(listener) → unsubscribe; publish
 *
 * Every method is async and throws DomainError with a stable `code` on bad input or broken rules.
 * Returned objects never carry password or PIN hashes. Details: README.md next to this file.
 */
export type { Agent, AgentRole, SessionInterface } from './agent.ts';
export { AGENT_ROLES, SESSION_INTERFACES } from './agent.ts';
export type { AgentService, AgentUpdateInput, NewAgentInput } from './agent-service.ts';
export type {
  AgentSession,
  AgentState,
  PhoneLegState,
  SessionEndReason,
  StateLogEntry,
} from './agent-session.ts';
export { AGENT_STATES, PHONE_LEG_STATES, SESSION_END_REASONS } from './agent-session.ts';
export type { AuditService, AuthEventInput } from './audit-service.ts';
export type { AuthEvent, AuthResult, AuthSource, Lockout } from './auth-event.ts';
export { AUTH_RESULTS, AUTH_SOURCES } from './auth-event.ts';
export type { Clock } from './clock.ts';
export { ManualClock, systemClock } from './clock.ts';
export type { Contact } from './contact.ts';
export type { ContactService, ContactUpdateInput, NewContactInput } from './contact-service.ts';
export type { Services, ServicesOptions } from './create-services.ts';
export { createServices } from './create-services.ts';
export { checkPin, checkUserId } from './credential-rules.ts';
export type { Device, DeviceKind } from './device.ts';
export { DEVICE_KINDS } from './device.ts';
export type { DeviceService, DeviceUpdateInput, NewDeviceInput } from './device-service.ts';
export type { DialInAttempt, DialInMode, DialInOutcome, DialInService } from './dial-in-service.ts';
export type { DomainConfig } from './domain-config.ts';
export { DEFAULT_DOMAIN_CONFIG } from './domain-config.ts';
export type { DomainErrorCode } from './domain-error.ts';
export { DomainError, isDomainError } from './domain-error.ts';
export type { DomainObserver, SecretKind } from './domain-observer.ts';
export type { DomainEvent, DomainEventListener, EventBus } from './event-bus.ts';
export { InProcessEventBus } from './event-bus.ts';
export type { LockActor, LockService, LockView } from './lock-service.ts';
export { describeLock, isPhoneLane } from './lock-service.ts';
export type { LaneKind } from './login-lanes.ts';
export type { PauseCode } from './pause-code.ts';
export { LAGGED_PAUSE_CODE } from './pause-code.ts';
export type { NewPauseCodeInput, PauseCodeService, PauseCodeUpdateInput } from './pause-code-service.ts';
export type { DemoData, SeededLogin } from './seed-demo-data.ts';
export { seedDemoData } from './seed-demo-data.ts';
export type {
  SessionActor,
  SessionEvent,
  SessionEventFilter,
  SessionEventKind,
  SessionEventSource,
} from './session-event.ts';
export { SESSION_EVENT_KINDS, SESSION_EVENT_SOURCES } from './session-event.ts';
export type {
  ClaimPhoneLegResult,
  PhoneLeg,
  SessionService,
  StartSessionInput,
  SweepReport,
} from './session-service.ts';
export type { MigrationReport, Store, StoreBackend } from './store-port.ts';
export * from './voice-settings.ts';
export type { WebLockScope, WebLoginAttempt, WebLoginOutcome, WebLoginService } from './web-login-service.ts';
export type { WebSession } from './web-session.ts';
export type { IssuedWebSession, WebSessionService } from './web-session-service.ts';
export { webSessionIdOf } from './web-session-service.ts';
