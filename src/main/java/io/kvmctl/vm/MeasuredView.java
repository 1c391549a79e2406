package io.kvmctl.vm;

import io.kvmctl.qmp.QmpClient;
import io.kvmctl.stats.MeasuredVm;
import java.io.IOException;
import java.time.Instant;

/** A {@link Vm} as the stats collector reads it (kept off Vm's own type, so Vm's API stays its own). */
record MeasuredView(Vm vm) implements MeasuredVm {
    @Override
    public String name() {
        return vm.name();
    }

    @Override
    public int qemuPid() {
        return vm.record().qemuPid();
    }

    @Override
    public Instant startedAt() {
        return vm.record().startedAt();
    }

    @Override
    public boolean isRunning() {
        return vm.isRunning();
    }

    @Override
    public String exitDescription() {
        return vm.exitDescription();
    }

    @Override
    public java.util.Optional<io.kvmctl.limits.CgroupUsage> cgroupUsage() {
        try {
            return VmCgroups.of(vm.directory()).map(io.kvmctl.limits.CgroupFiles::usage);
        } catch (IOException e) {
            return java.util.Optional.empty(); // a damaged note: the figures say nothing rather than fail
        }
    }

    @Override
    public QmpClient qmp() throws IOException {
        return vm.qmp();
    }
}
