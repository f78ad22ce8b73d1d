/**
 * Request bodies that are not a JSON object, sent to the local cloud's JSON APIs (Step Functions,
 * EventBridge) and MediaConvert's REST API: a 400 in AWS's error shape, never a 500, and the cloud
 * keeps serving.
 */
import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import * as fs from 'node:fs';
import type { LocalCloud } from '../../local/cloud';
import { signedFetch } from './signed-request';
import { clients, startTestCloud } from './support';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startTestCloud({ mediaConvertPaused: true });
});

afterAll(async () => {
  await cloud?.stop();
  fs.rmSync(cloud.dataDir, { recursive: true, force: true });
});

const BODIES: [string, string][] = [
  ['null', 'null'],
  ['an array', '[{"name":"x"}]'],
  ['a number', '42'],
  ['a string', '"ListRules"'],
  ['malformed JSON', '{"name": '],
];

describe.each([
  ['Step Functions', 'states', 'AWSStepFunctions.ListStateMachines', 'application/x-amz-json-1.0'],
  ['EventBridge', 'events', 'AWSEvents.ListRules', 'application/x-amz-json-1.1'],
])('%s', (_service, service, target, contentType) => {
  it.each(BODIES)('answers a body that is %s with a 400 SerializationException', async (kind, body) => {
    // Act
    const response = await signedFetch(cloud.endpoint, cloud.credentials, {
      method: 'POST',
      path: '/',
      service,
      headers: { 'x-amz-target': target, 'content-type': contentType },
      body,
    });

    // Assess
    expect(response.status).toBe(400);
    const answer = JSON.parse(response.text) as { __type: string; message: string };
    expect(answer.__type).toBe('SerializationException');
    expect(answer.message).toMatch(kind === 'malformed JSON' ? /not valid JSON/ : /not a JSON object/);
  });
});

describe('MediaConvert', () => {
  it.each(BODIES)('answers a CreateJob body that is %s with a 400 BadRequestException', async (_kind, body) => {
    const response = await signedFetch(cloud.endpoint, cloud.credentials, {
      method: 'POST',
      path: '/2017-08-29/jobs',
      service: 'mediaconvert',
      headers: { 'content-type': 'application/json' },
      body,
    });

    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-errortype']).toBe('BadRequestException');
    expect((JSON.parse(response.text) as { message: string }).message).toMatch(/JSON/);
  });
});

describe('after those bodies', () => {
  it('still serves', async () => {
    const aws = clients(cloud);
    try {
      const { stateMachines = [] } = await aws.sfn.send(new ListStateMachinesCommand({}));

      expect(stateMachines.map((machine) => machine.stateMachineArn)).toContain(cloud.names.stateMachineArn);
    } finally {
      aws.destroy();
    }
  });
});
