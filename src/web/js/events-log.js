// /ws/vm/NAME/events: QEMU's events (the last 100, newest on top), and the state, migration and gone messages the
// rest of the page follows.
import { h } from './dom.js';
import { clock } from './format.js';
import { openFeed } from './socket.js';

const KEEP = 100;

export function mountEvents(parent, session) {
  const list = h('ol', { class: 'events', id: 'events-log', reversed: true });
  parent.append(h('section', { class: 'panel' }, h('h2', {}, 'QMP events'), list));
  const feed = openFeed(`/ws/vm/${encodeURIComponent(session.name)}/events`, {
    shouldReconnect: () => session.isLive(),
    onMessage: (message) => {
      switch (message.type) {
        case 'event':
          list.prepend(entry(message));
          while (list.children.length > KEEP) list.lastChild.remove();
          break;
        case 'state':
          session.setState(message.state);
          break;
        case 'migration':
          session.emit('migration', message);
          break;
        case 'gone':
          session.markGone(message.reason);
          break;
      }
    },
  });
  return () => feed.close();
}

function entry({ event, timestamp_ms: time, data }) {
  const details = data && Object.keys(data).length ? JSON.stringify(data) : '';
  return h('li', { dataset: { event } },
    h('time', {}, clock(time ?? Date.now())), h('span', { class: 'event-name' }, event),
    h('code', { class: 'event-data' }, details));
}
