// #/vm/NAME: one VM: its summary, actions, screen, serial console, graphs, snapshots, devices and events.
import { h, replaceChildren } from './dom.js';
import { bytes, duration, percent } from './format.js';
import { subscribeList } from './list-feed.js';
import { stateBadge } from './list-page.js';
import { VmSession } from './vm-session.js';
import { mountActions } from './actions.js';
import { mountGraphs } from './graphs.js';
import { mountScreen } from './screen.js';
import { mountSerial } from './serial.js';
import { mountSnapshots } from './snapshots.js';
import { mountDevices } from './devices.js';
import { mountEvents } from './events-log.js';

export function mountVm(page, name) {
  const session = new VmSession(name);
  const summary = h('dl', { class: 'summary', id: 'vm-summary' });
  const gone = h('div', { class: 'gone', id: 'vm-gone', hidden: true });
  const left = h('div', { class: 'column' });
  const right = h('div', { class: 'column' });
  page.append(
    h('section', { class: 'vm-head' }, h('h1', {}, name), summary),
    gone,
    h('div', { class: 'vm-grid' }, left, right));

  const unmounts = [
    mountActions(page.querySelector('.vm-head'), session),
    mountScreen(left, session),
    mountSerial(left, session),
    mountGraphs(right, session),
    mountSnapshots(right, session),
    mountDevices(right, session),
    mountEvents(right, session),
  ];

  session.on('vm', (vm) => renderSummary(summary, vm));
  session.on('gone', (reason) => {
    replaceChildren(gone, h('strong', {}, 'The VM stopped: '), reason,
      '. The page stays: it reconnects when the VM runs again.');
    gone.hidden = false;
  });
  session.on('back', () => (gone.hidden = true));
  unmounts.push(subscribeList((message) => {
    const vm = message.vms.find((v) => v.name === name) ?? null;
    if (vm === null && session.vm !== null) session.markGone(`${name} is no longer defined or running`);
    if (vm !== null) session.updateVm(vm);
    else renderSummary(summary, null);
  }));
  session.refreshDetail();
  return () => unmounts.forEach((unmount) => unmount());
}

function renderSummary(summary, vm) {
  if (vm === null) {
    replaceChildren(summary, h('dd', { class: 'muted' }, 'not defined and not running'));
    return;
  }
  const item = (field, title, value) => [h('dt', {}, title), h('dd', { dataset: { field } }, value)];
  replaceChildren(summary,
    item('state', 'State', stateBadge(vm.state, vm.note)),
    item('accel', 'Accel', vm.accel ?? '–'),
    item('vcpus', 'vCPUs', vm.vcpus ?? '–'),
    item('memory', 'Memory', bytes(vm.memory_bytes)),
    item('uptime', 'Uptime', duration(vm.uptime_s)),
    item('cpu', 'CPU', percent(vm.cpu_percent)),
    item('forwards', 'Forwards', (vm.forwards ?? []).join(', ') || '–'));
}
