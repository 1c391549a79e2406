// /ws/list, shared by whichever page is open: the newest list message and who wants it. The top bar's connection
// badge shows whether the feed is live.
import { openFeed } from './socket.js';

let feed = null;
let latest = null;
const listeners = new Set();

export function subscribeList(listener) {
  listeners.add(listener);
  if (!feed) start();
  if (latest) listener(latest);
  return () => listeners.delete(listener);
}

export function latestVm(name) {
  return latest?.vms.find((vm) => vm.name === name) ?? null;
}

function start() {
  const badge = document.getElementById('connection');
  feed = openFeed('/ws/list', {
    onOpen: () => setBadge(badge, 'live', 'live'),
    onClose: () => setBadge(badge, 'lost', 'server unreachable: retrying'),
    onMessage: (message) => {
      if (message.kind !== 'kvmctl.web.list/1') return;
      latest = message;
      for (const listener of listeners) listener(message);
    },
  });
}

function setBadge(badge, state, text) {
  badge.dataset.state = state;
  badge.textContent = text;
}
