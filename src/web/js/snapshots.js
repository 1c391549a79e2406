// The VM's snapshots: list them, save one under a name, load one, delete one.
import { h, replaceChildren } from './dom.js';
import { bytes, date } from './format.js';
import { post, remove, vmPath } from './api.js';
import { run } from './run-request.js';

export function mountSnapshots(parent, session) {
  const body = h('tbody');
  const name = h('input', { id: 'snapshot-name', type: 'text', placeholder: 'name', required: true,
    pattern: '[A-Za-z0-9._-]+', title: 'letters, digits, dot, dash, underscore' });
  const form = h('form', { class: 'inline-form' }, name,
    h('button', { id: 'action-snapshot-save', type: 'submit' }, 'Save snapshot'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    run(session, () => post(vmPath(session.name, 'snapshots'), { name: name.value.trim() })).then((ok) => {
      if (ok) name.value = '';
    });
  });
  parent.append(h('section', { class: 'panel' }, h('h2', {}, 'Snapshots'),
    h('table', { class: 'small-table', id: 'snapshots' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Taken'), h('th', {}, 'VM state'), h('th'))), body),
    form));

  return session.on('detail', (detail) => {
    const snapshots = detail.snapshots ?? [];
    replaceChildren(body, snapshots.length === 0
      ? h('tr', {}, h('td', { colspan: 4, class: 'muted' }, 'none'))
      : snapshots.map((s) => h('tr', { dataset: { snapshot: s.name } },
        h('td', {}, s.name), h('td', {}, date(s.date)), h('td', {}, bytes(s.vm_size_bytes)),
        h('td', { class: 'row-actions' },
          h('button', { type: 'button', class: 'snapshot-load',
            onclick: () => run(session, () => post(vmPath(session.name, 'snapshots', s.name, 'load'))) }, 'Load'),
          h('button', { type: 'button', class: 'snapshot-delete danger',
            onclick: () => run(session, () => remove(vmPath(session.name, 'snapshots', s.name))) }, 'Delete')))));
  });
}
