/**
 * DynamoDB: dynalite with its LevelDB store under <dataDir>/dynamodb, on an internal loopback port,
 * and the pipeline's tables created once (idempotently: a restart finds them there).
 */
import * as fs from 'node:fs';
import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import dynalite from 'dynalite';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import type { ResourceNames } from '../../infra/wiring';
import { INTERNAL_SECRET_HEADER, guardServer } from '../internal-port';
import { createTableInput, tablesOf } from './tables';

export interface DynamoServer {
  port: number;
  /** A client straight to dynalite (no gateway hop), for the local services. */
  client: DynamoDBClient;
  close(): Promise<void>;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const CLOSE_WAIT_MS = 5000;

/**
 * Counts the requests dynalite is working on: from arrival to its response's end (which dynalite
 * writes once its LevelDB operations are done, even when the caller has gone), or to the caller
 * going away before the request was complete (dynalite never starts those).
 */
function trackRequests(server: http.Server): { idle(timeoutMs: number): Promise<void> } {
  let active = 0;
  let waiting: (() => void)[] = [];
  server.prependListener('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
    active += 1;
    let counted = true;
    const done = () => {
      if (!counted) return;
      counted = false;
      active -= 1;
      if (active === 0) for (const resolve of waiting.splice(0)) resolve();
    };
    const end = response.end.bind(response) as (...args: unknown[]) => http.ServerResponse;
    response.end = ((...args: unknown[]) => {
      done();
      return end(...args);
    }) as typeof response.end;
    response.on('close', () => {
      if (!request.complete) done();
    });
  });
  return {
    idle: (timeoutMs) =>
      active === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              waiting = waiting.filter((w) => w !== finish);
              resolve();
            }, timeoutMs);
            const finish = () => {
              clearTimeout(timer);
              resolve();
            };
            waiting.push(finish);
          }),
  };
}

export async function startDynamo(dataDir: string, region: string, secret: string): Promise<DynamoServer> {
  const directory = path.join(dataDir, 'dynamodb');
  fs.mkdirSync(directory, { recursive: true });
  const server = dynalite({ path: directory, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region, credentials: LOCAL_CREDENTIALS });
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers) request.headers[INTERNAL_SECRET_HEADER] = secret;
      return next(args);
    },
    { step: 'finalizeRequest', name: 'internalSecret' },
  );
  const requests = trackRequests(server);
  guardServer(server, secret, (response) => {
    response.writeHead(403, { 'content-type': 'application/x-amz-json-1.0' });
    response.end(
      JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#AccessDeniedException', message: 'Call the local cloud through its endpoint' }),
    );
  });
  return {
    port,
    client,
    close: async () => {
      // An operation still running when LevelDB closes fails inside dynalite, out of anyone's reach:
      // let the ones it has started finish first.
      await requests.idle(CLOSE_WAIT_MS);
      client.destroy();
      server.closeAllConnections();
      // dynalite's close also closes LevelDB (and releases its lock, so a restart can open it).
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

async function tableStatus(client: DynamoDBClient, tableName: string): Promise<string | undefined> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table?.TableStatus;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/** Creates the pipeline's tables that do not exist yet and waits until all are ACTIVE. */
export async function ensureTables(client: DynamoDBClient, names: ResourceNames): Promise<void> {
  await Promise.all(
    tablesOf(names).map(async ({ tableName, schema }) => {
      let status = await tableStatus(client, tableName);
      if (status === undefined) {
        await client.send(new CreateTableCommand(createTableInput(tableName, schema)));
        status = await tableStatus(client, tableName);
      }
      // createTableMs is 0: dynalite flips CREATING to ACTIVE on its next timer tick.
      for (let attempt = 0; status !== 'ACTIVE'; attempt += 1) {
        if (attempt > 200) throw new Error(`Local DynamoDB: table ${tableName} stays ${status}; its store under <dataDir>/dynamodb may be damaged`);
        await new Promise((resolve) => setTimeout(resolve, 10));
        status = await tableStatus(client, tableName);
      }
    }),
  );
}
