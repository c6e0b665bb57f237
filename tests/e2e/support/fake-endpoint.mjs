// Answers the widget's metrics requests from the test, recording when each was made.

export const metrics = (position, ewtSeconds) => ({
  MetricResults: [
    { Name: 'POSITION_IN_QUEUE', Value: { Number: position } },
    ...(ewtSeconds === undefined ? [] : [{ Name: 'ESTIMATED_WAIT_TIME', Value: { Number: ewtSeconds } }]),
  ],
  Id: 'c-1',
});

/**
 * Routes `pattern` to `answer(n)`, which returns `{ status, body, headers }` for the n-th
 * request (0-based). Returns the list of recorded requests.
 */
export async function fakeEndpoint(page, pattern, answer) {
  const requests = [];
  await page.route(pattern, async (route) => {
    const request = route.request();
    requests.push({ at: Date.now(), url: request.url(), authorization: request.headers().authorization });
    const { status = 200, body, headers = {} } = await answer(requests.length - 1);
    await route.fulfill({
      status,
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  });
  return requests;
}
