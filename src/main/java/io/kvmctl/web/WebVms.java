package io.kvmctl.web;

import io.kvmctl.vm.MonitorBusyException;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmDirectory;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's handles on running VMs, one per VM, whose QMP connection sits on {@code qmp.sock} then
 * {@code monitor.sock} ({@link VmDirectory#residentMonitors()}), never on {@code control.sock}. When both are held
 * by other clients, an action falls back to a short connection on the command monitors, closed at once.
 */
final class WebVms implements AutoCloseable {
    private final RuntimeRoot root;
    private final Map<String, Vm> handles = new ConcurrentHashMap<>();

    WebVms(RuntimeRoot root) {
        this.root = root;
    }

    RuntimeRoot root() {
        return root;
    }

    /** What to do with a VM. */
    interface VmAction<T> {
        T apply(Vm vm) throws IOException;
    }

    /** The resident handle of VM {@code name}, attached again when its QEMU changed (a restart, a migration). */
    Vm handle(String name) throws IOException {
        Vm vm = handles.get(name);
        if (vm != null && vm.isRunning() && sameQemu(vm)) {
            return vm;
        }
        synchronized (this) {
            vm = handles.get(name);
            if (vm != null && vm.isRunning() && sameQemu(vm)) {
                return vm;
            }
            if (vm != null) {
                closeQuietly(vm);
            }
            Vm fresh = Vm.attach(root, name, VmDirectory::residentMonitors);
            handles.put(name, fresh);
            return fresh;
        }
    }

    /** Whether the handle still fits: a VM seen before its record was written is attached again once it has one. */
    private boolean sameQemu(Vm vm) {
        if (vm.unrecordedState().isPresent()) {
            return false;
        }
        try {
            return io.kvmctl.vm.VmRecordStore.read(vm.directory())
                    .map(r -> r.qemuPid() == vm.record().qemuPid())
                    .orElse(true);
        } catch (IOException e) {
            return true;
        }
    }

    /** Runs {@code action} on the resident handle, or on a short connection when the resident monitors are held. */
    <T> T with(String name, VmAction<T> action) throws IOException {
        Vm vm = handle(name);
        try {
            return action.apply(vm);
        } catch (MonitorBusyException busy) {
            try (Vm shortLived = Vm.attach(root, name)) {
                return action.apply(shortLived);
            }
        }
    }

    /** Lets go of VM {@code name}'s QMP connection (the VM stopped, or nobody watches it). */
    void release(String name) {
        Vm vm = handles.remove(name);
        if (vm != null) {
            closeQuietly(vm);
        }
    }

    /**
     * Lets go of every handle on VM {@code name}'s QEMU, under whatever name it was attached (a migration's
     * {@code NAME.incoming} and its alias are the same QEMU): a migration needs one of the two session monitors,
     * and the list's next poll attaches again on the starter's monitor, which the migration tries last.
     */
    void releaseQemuOf(String name) {
        Vm vm = handles.get(name);
        if (vm == null) {
            return;
        }
        long pid = vm.record().qemuPid();
        for (Map.Entry<String, Vm> e : Map.copyOf(handles).entrySet()) {
            if (e.getValue().record().qemuPid() == pid) {
                release(e.getKey());
            }
        }
    }

    java.util.Set<String> held() {
        return handles.keySet();
    }

    private static void closeQuietly(Vm vm) {
        try {
            vm.close(); // an attached handle: only its QMP connection closes
        } catch (IOException e) {
            // the connection was gone already
        }
    }

    @Override
    public void close() {
        handles.keySet().forEach(this::release);
    }
}
