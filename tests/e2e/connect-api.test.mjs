// The simulator is Amazon Connect to any AWS SDK: AWS's own JavaScript SDK, pointed at the
// endpoint the proxy prints, reads a contact's metrics and gets Connect's typed errors.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectClient, GetContactMetricsCommand } from '@aws-sdk/client-connect';
import { startProxy } from './support/proxy.mjs';

const INSTANCE = '00000000-0000-4000-8000-000000000000';
const METRICS = [{ Name: 'POSITION_IN_QUEUE' }, { Name: 'ESTIMATED_WAIT_TIME' }];
let proxy;
let connect;

before(async () => {
  // A still queue (nobody giving up) and a tight quota: 1 call/s, burst 3.
  proxy = await startProxy(['--sim-agents', '1', '--sim-handle-seconds', '86400', '--sim-initial-queue', '2',
    '--sim-arrivals-per-minute', '0', '--sim-patience-seconds', '0', '--sim-quota-rate', '1', '--sim-quota-burst', '3']);
  assert.match(proxy.connectUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+$/, 'the proxy prints the simulated endpoint');
  connect = new ConnectClient({
    endpoint: proxy.connectUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' },
    maxAttempts: 1, // a retry would hide the throttle this test looks for
  });
});
after(async () => {
  connect?.destroy();
  await proxy?.stop();
});

async function newContact() {
  const response = await fetch(`${proxy.url}/v1/demo/contacts`, { method: 'POST' });
  assert.equal(response.status, 201);
  return (await response.json()).contactId;
}

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected an error');
}

test('GetContactMetrics answers, typed errors, and the quota', async () => {
  const contactId = await newContact();
  const output = await connect.send(new GetContactMetricsCommand({ InstanceId: INSTANCE, ContactId: contactId, Metrics: METRICS }));
  assert.equal(output.Id, contactId);
  assert.match(output.Arn, new RegExp(`^arn:aws:connect:us-east-1:\\d{12}:instance/${INSTANCE}/contact/${contactId}$`));
  const [position, wait] = output.MetricResults;
  assert.deepEqual(position, { Name: 'POSITION_IN_QUEUE', Value: { Number: 3 } }, 'behind the two already waiting');
  assert.equal(wait.Name, 'ESTIMATED_WAIT_TIME');
  assert.ok(wait.Value.Number > 0);

  const missing = await rejection(connect.send(new GetContactMetricsCommand({
    InstanceId: INSTANCE, ContactId: '11111111-2222-4333-8444-555555555555', Metrics: METRICS })));
  assert.equal(missing.name, 'ResourceNotFoundException');
  assert.equal(missing.$metadata.httpStatusCode, 404);
  assert.ok(missing.$metadata.requestId, 'a request ID, as AWS sends');

  const invalid = await rejection(connect.send(new GetContactMetricsCommand({ InstanceId: INSTANCE, ContactId: 'nope', Metrics: METRICS })));
  assert.equal(invalid.name, 'InvalidParameterException');
  assert.equal(invalid.$metadata.httpStatusCode, 400);

  // Three calls spent the burst; the fourth, at once, is over the quota.
  const throttled = await rejection(connect.send(new GetContactMetricsCommand({ InstanceId: INSTANCE, ContactId: contactId, Metrics: METRICS })));
  assert.equal(throttled.name, 'ThrottlingException');
  assert.equal(throttled.$metadata.httpStatusCode, 429);
});
