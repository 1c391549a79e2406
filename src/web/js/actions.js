// The action bar of a VM page and the progress of a migration. Each button posts one action; its error is the
// server's line in the notice. Which buttons are enabled follows the VM's state.
import { h } from './dom.js';
import { post, vmPath } from './api.js';
import { showError, showInfo } from './notice.js';

// [id, label, path, body, enabled when]
const ACTIONS = [
  ['up', 'Up', 'up', {}, (vm) => !vm.running],
  ['down', 'Shut down', 'down', { force: false }, (vm) => vm.running && vm.state === 'running'],
  ['force-off', 'Force off', 'down', { force: true }, (vm) => vm.running],
  ['pause', 'Pause', 'pause', {}, (vm) => vm.state === 'running'],
  ['resume', 'Resume', 'resume', {}, (vm) => vm.state === 'paused'],
  ['reset', 'Reset', 'reset', {}, (vm) => vm.running],
  ['migrate', 'Migrate', 'migrate', {}, (vm) => vm.running],
];

export function mountActions(parent, session) {
  const buttons = new Map();
  const bar = h('div', { class: 'actions', role: 'toolbar' });
  for (const [id, label, path, body] of ACTIONS) {
    const button = h('button', { id: `action-${id}`, type: 'button', disabled: true }, label);
    button.addEventListener('click', () => act(session, button, label, path, body));
    buttons.set(id, button);
    bar.append(button);
  }
  const screenshot = h('a', { id: 'action-screenshot', class: 'button', href: vmPath(session.name, 'screenshot.png'),
    download: '', 'aria-disabled': 'true' }, 'Screenshot');
  bar.append(screenshot);

  const progress = h('progress', { id: 'migration-progress', max: 100, value: 0 });
  const line = h('span', { class: 'migration-line' });
  const migration = h('div', { class: 'migration', id: 'migration', hidden: true },
    h('span', { class: 'label' }, 'Migration'), progress, line);
  parent.append(bar, migration);

  const offVm = session.on('vm', (vm) => {
    for (const [id, , , , enabled] of ACTIONS) {
      buttons.get(id).disabled = vm === null || buttons.get(id).dataset.busy === 'true' || !enabled(vm);
    }
    screenshot.setAttribute('aria-disabled', String(!vm?.running));
  });
  const showMigration = (m) => {
    migration.hidden = false;
    progress.dataset.status = m.status;
    progress.value = m.status === 'completed' ? 100 : Number(m.percent ?? 0);
    line.textContent = m.line || m.status;
    migration.dataset.status = m.status;
  };
  const offMigration = session.on('migration', showMigration);
  const offDetail = session.on('detail', (detail) => {
    if (detail.migration) showMigration(detail.migration);
  });
  return () => {
    offVm();
    offMigration();
    offDetail();
  };
}

async function act(session, button, label, path, body) {
  button.dataset.busy = 'true';
  button.disabled = true;
  try {
    const answer = await post(vmPath(session.name, path), body);
    showInfo(answer.message || `${label}: done`);
  } catch (e) {
    showError(e.message);
  } finally {
    delete button.dataset.busy;
    session.emit('vm', session.vm); // re-enable by state
    session.refreshDetail();
  }
}
