// The contact center's side of a scripted queue (simulator mode): the test puts contacts in the
// simulated queue and hangs up calls when its script says so, so every run takes the same steps
// instead of following the simulator's random call lengths.
import assert from 'node:assert/strict';
import { ConnectClient, StopContactCommand } from '@aws-sdk/client-connect';

/** Proxy flags for a queue nothing moves but the test: one agent, free at the start, whose calls
 * last a simulated day unless someone hangs up, and nobody arriving on their own. */
export const SCRIPTED_QUEUE = [
  '--sim-agents', '1', '--sim-agents-start-free', '--sim-initial-queue', '0', '--sim-arrivals-per-minute', '0',
  '--sim-handle-seconds', '86400',
];

/** A new contact in `proxy`'s simulated queue, as a site's backend would hand it to its page:
 * `{ contactId, token, expiresAt }`. With the scripted queue, the first goes to the agent. */
export async function queueContact(proxy) {
  const response = await fetch(`${proxy.url}/v1/demo/contacts`, { method: 'POST' });
  assert.equal(response.status, 201);
  return response.json();
}

/** Ends `contactId` now, as the agent or the customer would: `StopContact` from AWS's own SDK
 * against the simulated Connect. A contact in the queue leaves it; a call frees its agent. */
export async function hangUp(proxy, contactId) {
  const connect = new ConnectClient({
    endpoint: proxy.connectUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' },
  });
  try {
    await connect.send(new StopContactCommand({ InstanceId: '00000000-0000-4000-8000-000000000000', ContactId: contactId }));
  } finally {
    connect.destroy();
  }
}
