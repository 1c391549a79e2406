// The serial console: xterm.js on /ws/vm/NAME/serial, bytes both ways. The first message after each connect is the
// scrollback (the end of the serial log), so the terminal starts clean on every connect.
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { h } from './dom.js';
import { openFeed } from './socket.js';

export function mountSerial(parent, session) {
  const box = h('div', { class: 'serial-terminal', id: 'serial-terminal' });
  const status = h('span', { class: 'status', id: 'serial-status', dataset: { state: 'connecting' } }, 'connecting');
  parent.append(h('section', { class: 'panel' }, h('h2', {}, 'Serial console', status), box));

  const term = new Terminal({
    scrollback: 5000,
    fontSize: 13,
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
    theme: { background: '#1b1d21', foreground: '#d8dee9' },
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(box);
  fit.fit();
  const setStatus = (state, text) => {
    status.dataset.state = state;
    status.textContent = text;
  };

  const encoder = new TextEncoder();
  let readOnly = false;
  const feed = openFeed(`/ws/vm/${encodeURIComponent(session.name)}/serial`, {
    shouldReconnect: () => session.isLive(),
    onOpen: () => {
      term.reset();
      readOnly = false;
      setStatus('connected', 'connected');
    },
    onBinary: (bytes) => term.write(bytes),
    onMessage: (message) => {
      if (message.type === 'busy') {
        readOnly = true;
        setStatus('busy', `read-only: ${message.message}`);
      } else if (message.type === 'gone') {
        term.write(`\r\n\x1b[33m[the VM stopped: ${message.reason ?? ''}]\x1b[0m\r\n`);
        session.markGone(message.reason);
      }
    },
    onClose: () => setStatus('disconnected', session.isLive() ? 'disconnected: reconnecting' : 'disconnected'),
  });
  const typed = term.onData((data) => {
    if (!readOnly) feed.send(encoder.encode(data));
  });
  const onResize = () => fit.fit();
  window.addEventListener('resize', onResize);
  return () => {
    window.removeEventListener('resize', onResize);
    typed.dispose();
    feed.close();
    term.dispose();
  };
}
