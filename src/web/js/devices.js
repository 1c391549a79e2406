// Disks and NICs: what the VM has, hot-adding a disk by path or a user-mode NIC, removing what was hot-added.
import { h, replaceChildren } from './dom.js';
import { post, remove, vmPath } from './api.js';
import { run } from './run-request.js';

export function mountDevices(parent, session) {
  const disks = h('tbody');
  const nics = h('tbody');
  const path = h('input', { id: 'disk-path', type: 'text', placeholder: '/path/to/disk.qcow2', required: true });
  const format = h('select', { id: 'disk-format' }, h('option', {}, 'qcow2'), h('option', {}, 'raw'));
  const bus = h('select', { id: 'disk-bus' }, h('option', {}, 'virtio-blk'), h('option', {}, 'scsi'));
  const diskForm = h('form', { class: 'inline-form' }, path, format, bus,
    h('button', { id: 'action-disk-add', type: 'submit' }, 'Add disk'));
  diskForm.addEventListener('submit', (e) => {
    e.preventDefault();
    run(session, () => post(vmPath(session.name, 'disks'),
      { path: path.value.trim(), format: format.value, bus: bus.value })).then((ok) => {
      if (ok) path.value = '';
    });
  });
  const addNic = h('button', { id: 'action-nic-add', type: 'button',
    onclick: () => run(session, () => post(vmPath(session.name, 'nics'), { backend: 'user' })) }, 'Add user-mode NIC');

  parent.append(h('section', { class: 'panel' }, h('h2', {}, 'Disks and network'),
    h('table', { class: 'small-table', id: 'disks' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Disk'), h('th', {}, 'Path'), h('th'))), disks),
    diskForm,
    h('table', { class: 'small-table', id: 'nics' },
      h('thead', {}, h('tr', {}, h('th', {}, 'NIC'), h('th', {}, 'Backend'), h('th', {}, 'MAC'), h('th'))), nics),
    h('div', { class: 'inline-form' }, addNic)));

  const removeButton = (kind, id) => h('button', { type: 'button', class: 'danger', dataset: { remove: `${kind}/${id}` },
    onclick: () => run(session, () => remove(vmPath(session.name, kind, id))) }, 'Remove');
  return session.on('detail', (detail) => {
    replaceChildren(disks, rowsOr(detail.disks, 3, (d) => h('tr', { dataset: { disk: d.id } },
      h('td', {}, d.id), h('td', { class: 'path' }, d.path ?? '–'),
      h('td', { class: 'row-actions' }, d.hotplugged ? removeButton('disks', d.id) : ''))));
    replaceChildren(nics, rowsOr(detail.nics, 4, (n) => h('tr', { dataset: { nic: n.id } },
      h('td', {}, n.id), h('td', {}, n.backend ?? '–'), h('td', { class: 'mono' }, n.mac ?? '–'),
      h('td', { class: 'row-actions' }, n.hotplugged ? removeButton('nics', n.id) : ''))));
  });
}

function rowsOr(items, columns, row) {
  return items?.length ? items.map(row) : h('tr', {}, h('td', { colspan: columns, class: 'muted' }, 'none'));
}
