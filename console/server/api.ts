/**
 * The console's JSON API, under `<base>/api/`. Reads answer GET; the state-changing calls (upload,
 * redrive) are POSTs that must carry the page's token (checked by the handler before they get here).
 *
 *   GET  api/info                        what the console works against (names, no credentials)
 *   GET  api/assets?status&q&cursor&limit a page of asset summaries, newest first
 *   GET  api/assets/<id>                 the record, playback URLs, state, job progress, advice
 *   GET  api/assets/<id>/executions      the asset's execution(s)
 *   GET  api/executions/<arn>            the ExecutionView: execution, definition, history
 *   POST api/assets/<id>/redrive         redrives the asset's execution (as vod redrive)
 *   POST api/uploads?key=KEY             the body goes to the ingest bucket (as vod ingest)
 */
import type * as http from 'node:http';
import { redriveExecution } from '../../cli/commands/redrive';
import { getAsset } from '../../cli/get-asset';
import { ingestRefusal, invalidKeyReason, putIngestObject } from '../../cli/ingest-upload';
import type { Target } from '../../cli/target';
import { BadListQuery, listAssetPage, parseListQuery } from './asset-list';
import { assetView } from './asset-view';
import { executionSummary, executionView, isPipelineExecution } from './execution-view';
import { HttpError, sendJson } from './http-replies';

/** A single PutObject takes up to 5 GiB. */
export const MAX_UPLOAD_BYTES = 5 * 1024 ** 3;

/** Calls that change something: they need the token. */
export function isStateChanging(method: string, route: string): boolean {
  return method === 'POST' && (route === 'uploads' || /^assets\/[^/]+\/redrive$/.test(route));
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'The path is not valid percent-encoding');
  }
}

async function requireAsset(target: Target, assetId: string) {
  const asset = await getAsset(target, assetId);
  if (!asset) throw new HttpError(404, `No asset ${assetId} in ${target.info.table}`);
  return asset;
}

async function upload(target: Target, request: http.IncomingMessage, params: URLSearchParams): Promise<unknown> {
  const key = params.get('key') ?? '';
  const invalid = invalidKeyReason(key);
  if (invalid) throw new HttpError(400, `key ${invalid}: name the object, e.g. uploads/clip.mp4`);
  const size = Number(request.headers['content-length']);
  if (!Number.isInteger(size) || size <= 0) throw new HttpError(411, 'An upload needs a Content-Length and a non-empty body');
  if (size > MAX_UPLOAD_BYTES)
    throw new HttpError(413, `An upload takes up to ${MAX_UPLOAD_BYTES} bytes (one PutObject); use vod ingest or multipart for larger files`);
  const bucket = target.info.buckets.ingest;
  const refusal = await ingestRefusal(target, bucket, key);
  if (refusal) throw new HttpError(422, refusal);
  return putIngestObject(target, bucket, key, request, size);
}

export async function handleApi(
  target: Target,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  route: string,
  params: URLSearchParams,
): Promise<void> {
  const method = request.method ?? 'GET';
  const segments = route.split('/');
  if (method === 'GET' && route === 'info') {
    sendJson(response, 200, {
      kind: target.kind,
      region: target.info.region,
      table: target.info.table,
      ingestBucket: target.info.buckets.ingest,
      stateMachineArn: target.info.stateMachineArn,
      loudnessPrefix: target.info.loudnessPrefix,
    });
    return;
  }
  if (method === 'GET' && route === 'assets') {
    try {
      sendJson(response, 200, await listAssetPage(target, parseListQuery(params)));
    } catch (error) {
      if (error instanceof BadListQuery) throw new HttpError(400, error.message);
      throw error;
    }
    return;
  }
  if (segments[0] === 'assets' && segments.length >= 2) {
    const assetId = decoded(segments[1]);
    if (method === 'GET' && segments.length === 2) {
      const view = await assetView(target, assetId);
      if (!view) throw new HttpError(404, `No asset ${assetId} in ${target.info.table}`);
      sendJson(response, 200, view);
      return;
    }
    if (method === 'GET' && segments.length === 3 && segments[2] === 'executions') {
      const asset = await requireAsset(target, assetId);
      sendJson(response, 200, { executions: asset.executionArn ? [await executionSummary(target, asset.executionArn)] : [] });
      return;
    }
    if (method === 'POST' && segments.length === 3 && segments[2] === 'redrive') {
      const asset = await requireAsset(target, assetId);
      if (asset.status !== 'FAILED') throw new HttpError(409, `Asset ${assetId} is ${asset.status}: only a FAILED asset is redriven`);
      sendJson(response, 202, await redriveExecution(target, assetId));
      return;
    }
  }
  if (method === 'GET' && segments[0] === 'executions' && segments.length === 2) {
    const executionArn = decoded(segments[1]);
    if (!isPipelineExecution(target, executionArn)) throw new HttpError(404, `${executionArn} is not an execution of ${target.info.stateMachineArn}`);
    sendJson(response, 200, await executionView(target, executionArn));
    return;
  }
  if (method === 'POST' && route === 'uploads') {
    sendJson(response, 201, await upload(target, request, params));
    return;
  }
  throw new HttpError(method === 'GET' || method === 'POST' ? 404 : 405, `No ${method} api/${route} here`);
}
