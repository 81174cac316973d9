// The reference WebSocket clients of the functional tests: npm graphql-ws and ws (make test runs
// npm ci in tests/ first).
let createClient, WebSocket;
try {
  ({ createClient } = await import('graphql-ws'));
  ({ default: WebSocket } = await import('ws'));
} catch (e) {
  throw new Error(`npm packages missing: run "npm ci" in tests/ (make test does) (${e.message})`);
}
export { createClient, WebSocket };
