/**
 * Settings of the local cloud itself (not of the pipeline): where it listens and keeps its data,
 * and the region and account its ARNs use. Defaults can be overridden with VOD_LOCAL_PORT and
 * VOD_LOCAL_DATA_DIR. VOD_WEBHOOK_URL sets the pipeline's webhookUrl when its settings give none, and
 * VOD_WEBHOOK_SECRET the value of its secret header (on AWS, a Secrets Manager secret's).
 */

export const LOCAL_DEFAULTS = {
  port: 4566,
  host: '127.0.0.1',
  dataDir: '.vod-local',
  region: 'us-east-1',
  accountId: '000000000000',
} as const;

export const LOCAL_ENV = {
  port: 'VOD_LOCAL_PORT',
  dataDir: 'VOD_LOCAL_DATA_DIR',
  webhookUrl: 'VOD_WEBHOOK_URL',
  webhookSecret: 'VOD_WEBHOOK_SECRET',
} as const;

export interface LocalConfig {
  port: number;
  host: string;
  dataDir: string;
  region: string;
  accountId: string;
  webhookUrl?: string;
  webhookSecret?: string;
}

type Env = Record<string, string | undefined>;

function port(env: Env): number {
  const raw = env[LOCAL_ENV.port];
  if (raw === undefined || raw === '') return LOCAL_DEFAULTS.port;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`Local cloud: ${LOCAL_ENV.port}=${JSON.stringify(raw)} is not a port number (0-65535; 0 picks a free one)`);
  }
  return value;
}

/** The local cloud's configuration: defaults, then the environment. */
export function localConfig(env: Env = process.env): LocalConfig {
  const dataDir = env[LOCAL_ENV.dataDir];
  return {
    port: port(env),
    host: LOCAL_DEFAULTS.host,
    dataDir: dataDir === undefined || dataDir === '' ? LOCAL_DEFAULTS.dataDir : dataDir,
    region: LOCAL_DEFAULTS.region,
    accountId: LOCAL_DEFAULTS.accountId,
    ...(env[LOCAL_ENV.webhookUrl] ? { webhookUrl: env[LOCAL_ENV.webhookUrl] } : {}),
    ...(env[LOCAL_ENV.webhookSecret] ? { webhookSecret: env[LOCAL_ENV.webhookSecret] } : {}),
  };
}
