// What the parts of a VM page share: the VM's latest line from /ws/list, whether it runs (so feeds know to
// reconnect), and a way to tell every part that something changed.
import { getJson, vmPath } from './api.js';
import { showError } from './notice.js';

export class VmSession {
  constructor(name) {
    this.name = name;
    this.vm = null; // the list's view of it; null until the first list message, or when it is not defined
    this.detail = null; // GET /api/vms/NAME: snapshots, disks, nics, migration
    this.listeners = { vm: new Set(), detail: new Set(), gone: new Set(), back: new Set(), migration: new Set() };
    this.goneReason = null;
  }

  isLive() {
    return this.vm?.running === true;
  }

  on(kind, listener) {
    this.listeners[kind].add(listener);
    return () => this.listeners[kind].delete(listener);
  }

  emit(kind, value) {
    for (const listener of this.listeners[kind]) listener(value);
  }

  // The list and the events feed both say when the VM stops or runs again; whichever says it first counts.
  updateVm(vm) {
    const wasLive = this.isLive();
    this.vm = vm;
    if (wasLive && !this.isLive()) {
      this.markGone(vm.note || `it is ${vm.state}`);
      return;
    }
    if (!wasLive && this.isLive() && this.goneReason !== null) {
      this.goneReason = null; // it runs again: the parts reconnect on their own
      this.emit('back');
      this.refreshDetail();
    }
    this.emit('vm', vm);
  }

  setState(state) {
    if (this.vm) this.updateVm({ ...this.vm, state });
  }

  markGone(reason) {
    if (this.goneReason !== null) return;
    this.goneReason = reason || 'the VM stopped';
    if (this.vm?.running) this.vm = { ...this.vm, running: false, state: 'stopped' };
    this.emit('gone', this.goneReason);
    this.emit('vm', this.vm);
  }

  async refreshDetail() {
    try {
      this.detail = await getJson(vmPath(this.name));
      this.emit('detail', this.detail);
    } catch (e) {
      showError(e.message);
    }
  }
}
