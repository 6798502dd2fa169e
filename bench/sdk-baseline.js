'use strict';
// The benchmark's bare baseline: the official plugNmeet JS SDK (plugnmeet-sdk-js 1.4.1, installed by ./test.sh into
// AdminPortal.Tests/JsSdk/node_modules) making one getJoinToken call at a time per worker against the stub server,
// for a fixed time. Prints one JSON object: {"concurrency", "seconds", "errors", "latencies_ms": [...]}.
//
// Usage: node sdk-baseline.js <serverUrl> <apiKey> <apiSecret> <roomId> <concurrency> <seconds>
// The room is created first (unmeasured), so every measured call is the single call a running room costs.

const path = require('path');
const { PlugNmeet } = require(path.join(__dirname, '..', 'AdminPortal.Tests', 'JsSdk', 'node_modules', 'plugnmeet-sdk-js'));

async function main() {
  const [serverUrl, apiKey, apiSecret, roomId, concurrencyText, secondsText] = process.argv.slice(2);
  const concurrency = Number(concurrencyText);
  const seconds = Number(secondsText);
  if (!serverUrl || !apiKey || !apiSecret || !roomId || !(concurrency > 0) || !(seconds > 0)) {
    process.stderr.write('usage: node sdk-baseline.js <serverUrl> <apiKey> <apiSecret> <roomId> <concurrency> <seconds>\n');
    process.exit(2);
  }
  const pnm = new PlugNmeet(serverUrl, apiKey, apiSecret);
  const latencies = [];
  let errors = 0;
  const call = (i) => pnm.getJoinToken({ room_id: roomId, user_info: { name: `Bare ${i}`, user_id: `bare-${i}`, is_admin: false } });

  await pnm.createRoom({ room_id: roomId, metadata: { room_title: 'Bare baseline', room_features: {} } });
  // One unmeasured call per worker: connections and JIT warm, as they are for the portal.
  await Promise.all(Array.from({ length: concurrency }, (_, i) => call(i)));
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  await Promise.all(Array.from({ length: concurrency }, async (_, i) => {
    while (process.hrtime.bigint() < deadline) {
      const t0 = process.hrtime.bigint();
      const result = await call(i);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (result && result.status === true && typeof result.token === 'string') {
        latencies.push(ms);
      } else {
        errors += 1;
      }
    }
  }));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`${JSON.stringify({ concurrency, seconds: elapsed, errors, latencies_ms: latencies })}\n`);
}

main().catch((error) => {
  process.stderr.write(`sdk-baseline failed: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
