// The VM's screen: noVNC on /ws/vm/NAME/vnc. The server authenticates to QEMU itself, so the RFB stream offers
// security type None and there is no password to ask for. A new RFB per connection (noVNC cannot reconnect one):
// after a disconnect it tries again while the VM runs.
import RFB from '@novnc/novnc';
import { h } from './dom.js';
import { wsUrl } from './socket.js';

export function mountScreen(parent, session) {
  const screen = h('div', { class: 'vnc-screen', id: 'vnc-screen' });
  const status = h('span', { class: 'status', id: 'vnc-status', dataset: { state: 'connecting' } }, 'connecting');
  const keys = h('button', { type: 'button', id: 'action-ctrl-alt-del', disabled: true }, 'Ctrl+Alt+Del');
  parent.append(h('section', { class: 'panel' }, h('h2', {}, 'Screen', status, keys), screen));

  let rfb = null;
  let timer = null;
  let stopped = false;
  const setStatus = (state, text) => {
    status.dataset.state = state;
    status.textContent = text;
    keys.disabled = state !== 'connected';
  };
  keys.addEventListener('click', () => rfb?.sendCtrlAltDel());

  function connect() {
    timer = null;
    if (stopped) return;
    if (!session.isLive()) return retry(1000);
    if (session.vm && session.vm.vnc === false) {
      setStatus('none', 'this VM has no VNC display (display: vnc in its profile)');
      return retry(2000);
    }
    setStatus('connecting', 'connecting');
    rfb = new RFB(screen, wsUrl(`/ws/vm/${encodeURIComponent(session.name)}/vnc`), { wsProtocols: ['binary'] });
    rfb.scaleViewport = true;
    rfb.background = '#1b1d21';
    rfb.addEventListener('connect', () => setStatus('connected', 'connected'));
    rfb.addEventListener('credentialsrequired', () => {
      setStatus('error', 'the display asked for a password: the server should have answered it');
      rfb.disconnect();
    });
    rfb.addEventListener('disconnect', () => {
      rfb = null;
      if (stopped) return;
      setStatus('disconnected', session.isLive() ? 'disconnected: reconnecting' : 'disconnected: the VM is not running');
      retry(1500);
    });
  }

  function retry(ms) {
    if (!stopped && timer === null) timer = setTimeout(connect, ms);
  }

  // Wait for the first list message: it says whether the VM runs and has a display.
  const off = session.on('vm', () => {
    if (rfb === null && timer === null) connect();
  });
  if (session.vm) connect();
  return () => {
    stopped = true;
    off();
    if (timer) clearTimeout(timer);
    rfb?.disconnect();
  };
}
