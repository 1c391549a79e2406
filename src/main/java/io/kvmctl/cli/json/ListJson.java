package io.kvmctl.cli.json;

import io.kvmctl.store.ListedVm;
import io.kvmctl.vm.VmStatus;
import java.util.List;

/** {@code kvmctl list --json} ({@code kvmctl.list/1}): the running VMs, or with {@code --all} the defined ones too. */
public record ListJson(List<Entry> vms) {
    public static final String KIND = "kvmctl.list/1";

    /**
     * One row. {@code defined} and {@code autostart} are null without {@code --all}; {@code pid}, {@code uptime_seconds}
     * and {@code accel} are null for a defined VM that does not run.
     */
    public record Entry(
            String name,
            String state,
            Integer pid,
            Double uptimeSeconds,
            String accel,
            Boolean defined,
            Boolean autostart,
            List<VmJson.ForwardJson> forwards,
            List<VmJson.AddressJson> guestAddresses) {
        static Entry of(String name, String state, Boolean defined, Boolean autostart, VmStatus s) {
            if (s == null) {
                return new Entry(name, state, null, null, null, defined, autostart, List.of(), List.of());
            }
            return new Entry(
                    name,
                    state,
                    s.pid(),
                    VmJson.seconds(s.uptime()),
                    s.accel(),
                    defined,
                    autostart,
                    s.network() == null
                            ? List.of()
                            : s.network().forwards().stream()
                                    .map(VmJson.ForwardJson::of)
                                    .toList(),
                    s.guestAddresses().stream().map(VmJson.AddressJson::of).toList());
        }
    }

    public static ListJson running(List<VmStatus> all) {
        return new ListJson(all.stream()
                .map(s -> Entry.of(s.name(), s.state(), null, null, s))
                .toList());
    }

    public static ListJson all(List<ListedVm> rows) {
        return new ListJson(rows.stream()
                .map(r -> Entry.of(r.name(), r.state(), r.defined(), r.autostart(), r.status()))
                .toList());
    }
}
