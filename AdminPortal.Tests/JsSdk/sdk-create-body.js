'use strict';
// Prints the exact room/create body and signature the official plugNmeet JS SDK (plugnmeet-sdk-js@1.4.1) sends for a room
// filled the way a portal room template fills it (AdminPortal.Tests/Rooms/TemplateBodySdkTests.cs compares the portal's bytes).
// The parameters follow the SDK's own CreateRoomParams type (dist/index.d.ts; allow_reactions came after 1.4.1 and is plain JSON
// to it). A one-shot local server catches the request.
//
// Usage: node sdk-create-body.js <apiSecret>      Install first: npm ci --ignore-scripts

const http = require('http');
const { PlugNmeet } = require('plugnmeet-sdk-js');

const secret = process.argv[2];
if (!secret) {
  process.stderr.write('usage: node sdk-create-body.js <apiSecret>\n');
  process.exit(2);
}

const params = {
  room_id: 'room01',
  metadata: {
    room_title: 'Team',
    room_features: {
      mute_on_start: true,
      admin_only_webcams: true,
      room_duration: 90,
      allow_virtual_bg: false,
      allow_raise_hand: false,
      allow_reactions: false,
      waiting_room_features: { is_active: true, waiting_room_msg: 'Please wait for the host.' },
      end_to_end_encryption_features: { is_enabled: true, included_chat_messages: true, included_whiteboard: false },
    },
    welcome_message: 'Welcome!',
    webhook_url: 'http://127.0.0.1:5078/webhooks/plugnmeet',
    logout_url: 'https://xn--bcher-kva.example/bye',
    default_lock_settings: {
      lock_microphone: false, lock_webcam: true, lock_screen_sharing: false, lock_chat: true, lock_chat_send_message: false,
      lock_chat_file_share: false, lock_private_chat: false, lock_whiteboard: false, lock_shared_notepad: false, lock_reactions: false,
    },
  },
  empty_timeout: 300,
  max_participants: 25,
};

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    process.stdout.write(JSON.stringify({
      path: req.url,
      body: Buffer.concat(chunks).toString('utf8'),
      signature: req.headers['hash-signature'],
    }));
    res.setHeader('Content-Type', 'application/json');
    res.end('{"status":true,"msg":"success"}');
    server.close();
  });
});

server.listen(0, '127.0.0.1', async () => {
  const pnm = new PlugNmeet(`http://127.0.0.1:${server.address().port}`, 'test-key', secret);
  await pnm.createRoom(params);
});
