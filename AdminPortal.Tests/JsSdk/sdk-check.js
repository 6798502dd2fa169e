'use strict';
// Drives the official plugNmeet JS SDK (npm plugnmeet-sdk-js@1.4.1) against a plugNmeet-compatible server
// (the portal's sandbox in AdminPortal.Tests/JsSdk/JsSdkTests.cs) and prints every result as one JSON object.
//
// Usage: node sdk-check.js <serverUrl> <apiKey> <apiSecret>
//    or: PNM_SERVER_URL=... PNM_API_KEY=... PNM_API_SECRET=... node sdk-check.js
// serverUrl is the base without "/auth" (the SDK appends it), e.g. http://127.0.0.1:5000/sandbox.
// Install first (the package's preinstall hook needs pnpm, so scripts must stay off): npm ci --ignore-scripts
//
// Exit codes: 0 = every call returned (whatever the server answered; the caller judges the results),
// 1 = an unexpected exception, 2 = bad arguments.

const crypto = require('crypto');
const { PlugNmeet } = require('plugnmeet-sdk-js');

function usage(message) {
  process.stderr.write(`${message}\nusage: node sdk-check.js <serverUrl> <apiKey> <apiSecret>\n`);
  process.exit(2);
}

// The SDK reports transport and parse failures by putting a string or an Error into msg; keep them readable in JSON.
function plain(result) {
  return JSON.parse(JSON.stringify(result, (_key, value) =>
    value instanceof Error ? { error: value.name, message: value.message } : value));
}

async function main() {
  const [serverUrl = process.env.PNM_SERVER_URL, apiKey = process.env.PNM_API_KEY, apiSecret = process.env.PNM_API_SECRET] =
    process.argv.slice(2);
  if (!serverUrl || !apiKey || !apiSecret) {
    usage('serverUrl, apiKey and apiSecret are required (arguments or PNM_SERVER_URL, PNM_API_KEY, PNM_API_SECRET).');
  }

  const pnm = new PlugNmeet(serverUrl, apiKey, apiSecret);
  const suffix = crypto.randomBytes(4).toString('hex');
  const roomId = `jssdk-${suffix}`;
  const user = { name: 'Zoë Ångström', user_id: `zoe-${suffix}` };
  let calls = 0;
  const call = async (fn) => {
    calls += 1;
    return plain(await fn());
  };

  const out = { sdk: require('plugnmeet-sdk-js/package.json').version, server_url: serverUrl, room_id: roomId, user };

  out.create = await call(() => pnm.createRoom({
    room_id: roomId,
    metadata: { room_title: `JS SDK check ${suffix}`, room_features: {} },
  }));
  out.is_active_before = await call(() => pnm.isRoomActive({ room_id: roomId }));
  out.join = await call(() => pnm.getJoinToken({
    room_id: roomId,
    user_info: {
      name: user.name,
      user_id: user.user_id,
      is_admin: true,
      is_hidden: false,
      user_metadata: {
        preferred_lang: 'de-DE',
        lock_settings: { lock_webcam: false, lock_chat: true },
      },
    },
  }));
  out.active_rooms = await call(() => pnm.getActiveRoomsInfo());

  // Same key, wrong secret: the signature check must fail (HTTP 401 body, which SDK 1.4.1 parses without status_code).
  const wrong = new PlugNmeet(serverUrl, apiKey, `${apiSecret}-wrong`);
  out.wrong_secret = await call(() => wrong.getJoinToken({
    room_id: roomId,
    user_info: { name: user.name, user_id: user.user_id, is_admin: false },
  }));

  out.end = await call(() => pnm.endRoom({ room_id: roomId }));
  out.is_active_after = await call(() => pnm.isRoomActive({ room_id: roomId }));
  out.join_after_end = await call(() => pnm.getJoinToken({
    room_id: roomId,
    user_info: { name: user.name, user_id: user.user_id, is_admin: false },
  }));

  out.calls = calls;
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((error) => {
  process.stderr.write(`sdk-check failed: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
