/**
 * The page's calls to the console's API: relative URLs (the page is served at the console's base
 * path), the per-start token from the page's meta tag on state-changing calls, and errors as the
 * server words them.
 */
import type { AssetPage, AssetView, ExecutionSummary } from '../shared/api-replies';

export const TOKEN_HEADER = 'x-vod-console-token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function token(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="vod-console-token"]')?.content ?? '';
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`api/${path}`, { ...init, headers: { accept: 'application/json', ...(init.headers ?? {}) } });
  const body = (await response.json().catch(() => ({}))) as { error?: string };
  if (!response.ok) throw new ApiError(response.status, body.error ?? `${response.status} ${response.statusText}`);
  return body as T;
}

export function listAssets(query: { status?: string; q?: string; cursor?: string; limit?: number }): Promise<AssetPage> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, String(value));
  return call<AssetPage>(`assets?${params}`);
}

export const getAsset = (assetId: string) => call<AssetView>(`assets/${encodeURIComponent(assetId)}`);

export const assetExecutions = (assetId: string) => call<{ executions: ExecutionSummary[] }>(`assets/${encodeURIComponent(assetId)}/executions`);

export const getExecution = <T>(executionArn: string) => call<T>(`executions/${encodeURIComponent(executionArn)}`);

export const redrive = (assetId: string) =>
  call<{ executionArn: string; redriveDate: string }>(`assets/${encodeURIComponent(assetId)}/redrive`, {
    method: 'POST',
    headers: { [TOKEN_HEADER]: token() },
  });

export const upload = (file: File, key: string) =>
  call<{ bucket: string; key: string }>(`uploads?key=${encodeURIComponent(key)}`, {
    method: 'POST',
    headers: { [TOKEN_HEADER]: token(), 'content-type': file.type || 'application/octet-stream' },
    body: file,
  });
