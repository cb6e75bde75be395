/**
 * Callgate nodes for multi-node tests: each its own store, services, PostgreSQL event bus and
 * HTTP API app on a free port. Nodes of one test share a bus channel (one per test schema, so
 * other test files' nodes are not heard); closeAll() stops every node still running.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { createServices, type Services } from '../../src/domain/create-services.ts';
import { apiPlugin } from '../../src/http/index.ts';
import { PostgresEventBus } from '../../src/store/index.ts';
import type { OpenedStore } from '../../src/store/open-store.ts';
import { POSTGRES_URL, TEST_HASH_COST } from './test-stores.ts';

export interface ApiNode {
  services: Services;
  bus: PostgresEventBus;
  app: FastifyInstance;
  baseUrl: string;
}

export class ApiNodes {
  /** The running nodes, in the order they started. */
  readonly running: ApiNode[] = [];

  constructor(private readonly channel: string) {}

  async start(store: OpenedStore): Promise<ApiNode> {
    const bus = await PostgresEventBus.start({ connectionString: POSTGRES_URL, channel: this.channel });
    const services = createServices({ store, events: bus, hashCost: TEST_HASH_COST });
    const app = Fastify({ logger: false });
    await app.register(apiPlugin, { services, config: { publicUrl: undefined, dialinNumber: '2345' } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const node = { services, bus, app, baseUrl: `http://127.0.0.1:${port}` };
    this.running.push(node);
    return node;
  }

  async stop(node: ApiNode): Promise<void> {
    await node.app.close();
    await node.bus.close();
    this.running.splice(this.running.indexOf(node), 1);
  }

  async closeAll(): Promise<void> {
    for (const node of [...this.running]) await this.stop(node);
  }
}
