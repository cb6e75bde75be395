// The queues an agent joins while logged in (Asterisk control): admins write, supervisors read.
import type { AgentQueuesResponse } from '../../../server/src/http/contract/api-types.ts';
import { http } from './http-client.ts';

export const getAgentQueues = (agentId: number) =>
  http.get<AgentQueuesResponse>(`/api/admin/agents/${agentId}/queues`);

export const setAgentQueues = (agentId: number, queues: readonly string[]) =>
  http.request<AgentQueuesResponse>('PUT', `/api/admin/agents/${agentId}/queues`, { queues });

/** "sales, vip ,, support" → ['sales', 'vip', 'support']: the field is a comma-separated list. */
export function parseQueueList(text: string): string[] {
  return text
    .split(',')
    .map((q) => q.trim())
    .filter((q) => q !== '');
}
