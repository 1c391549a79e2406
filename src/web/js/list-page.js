// #/: every defined or running VM in one table, updated in place from /ws/list.
import { h, replaceChildren } from './dom.js';
import { bytes, duration, percent } from './format.js';
import { subscribeList } from './list-feed.js';

const COLUMNS = [
  ['name', 'Name'],
  ['state', 'State'],
  ['accel', 'Accel'],
  ['vcpus', 'vCPUs'],
  ['memory', 'Memory'],
  ['uptime', 'Uptime'],
  ['cpu', 'CPU'],
  ['forwards', 'Forwards'],
];

export function mountList(page) {
  const body = h('tbody');
  const empty = h('p', { class: 'empty', hidden: true }, 'No VMs yet. Start one with ', h('code', {}, 'kvmctl up'), '.');
  page.append(
    h('section', { class: 'panel' },
      h('table', { class: 'vm-table', id: 'vm-list' },
        h('thead', {}, h('tr', {}, COLUMNS.map(([key, title]) => h('th', { class: `col-${key}` }, title)))),
        body),
      empty));
  const rows = new Map();
  return subscribeList((message) => {
    const names = new Set(message.vms.map((vm) => vm.name));
    for (const [name, row] of rows) {
      if (!names.has(name)) {
        row.remove();
        rows.delete(name);
      }
    }
    for (const vm of message.vms) {
      let row = rows.get(vm.name);
      if (!row) {
        row = newRow(vm.name);
        rows.set(vm.name, row);
      }
      fill(row, vm);
      body.append(row); // keeps the server's order
    }
    empty.hidden = message.vms.length > 0;
  });
}

function newRow(name) {
  const href = `#/vm/${encodeURIComponent(name)}`;
  const row = h('tr', { dataset: { vm: name }, onclick: (e) => { if (e.target.tagName !== 'A') location.hash = href; } },
    COLUMNS.map(([key]) => h('td', { dataset: { field: key }, class: `col-${key}` })));
  row.querySelector('[data-field="name"]').append(h('a', { href }, name)); // made once: it stays the same element
  return row;
}

function fill(row, vm) {
  const cell = (key) => row.querySelector(`[data-field="${key}"]`);
  replaceChildren(cell('state'), stateBadge(vm.state, vm.note));
  cell('accel').textContent = vm.accel ?? '–';
  cell('vcpus').textContent = vm.vcpus ?? '–';
  cell('memory').textContent = bytes(vm.memory_bytes);
  cell('uptime').textContent = duration(vm.uptime_s);
  cell('cpu').textContent = percent(vm.cpu_percent);
  cell('forwards').textContent = (vm.forwards ?? []).join(', ') || '–';
  row.dataset.state = vm.state;
}

export function stateBadge(state, note) {
  return h('span', { class: 'state', dataset: { state }, title: note ?? null }, state);
}
