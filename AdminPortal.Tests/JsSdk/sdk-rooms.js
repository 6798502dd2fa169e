'use strict';
// Reads a running room with the official plugNmeet JS SDK 1.4.1 and ends it: getActiveRoomInfo, getActiveRoomsInfo,
// endRoom, then getActiveRoomInfo again. Prints every result as one JSON object (see JsSdkTests.cs).
//
// Usage: node sdk-rooms.js <serverUrl> <apiKey> <apiSecret> <roomId>

const { PlugNmeet } = require('plugnmeet-sdk-js');

async function main() {
  const [serverUrl, apiKey, apiSecret, roomId] = process.argv.slice(2);
  if (!serverUrl || !apiKey || !apiSecret || !roomId) {
    process.stderr.write('usage: node sdk-rooms.js <serverUrl> <apiKey> <apiSecret> <roomId>\n');
    process.exit(2);
  }
  const pnm = new PlugNmeet(serverUrl, apiKey, apiSecret);
  const out = { room_id: roomId };
  out.room = await pnm.getActiveRoomInfo({ room_id: roomId });
  out.rooms = await pnm.getActiveRoomsInfo();
  out.end = await pnm.endRoom({ room_id: roomId });
  out.room_after_end = await pnm.getActiveRoomInfo({ room_id: roomId });
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((error) => {
  process.stderr.write(`sdk-rooms failed: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
