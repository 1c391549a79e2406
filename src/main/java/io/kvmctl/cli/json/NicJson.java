package io.kvmctl.cli.json;

import io.kvmctl.net.HotNic;

/** {@code kvmctl nic add --json} ({@code kvmctl.nic.add/1}): the NIC plugged in. */
public record NicJson(String name, String id, String backend, String model, String mac, String port) {
    public static final String KIND = "kvmctl.nic.add/1";

    public static NicJson of(String vm, HotNic n) {
        return new NicJson(vm, n.id(), n.backend(), n.model(), n.mac(), n.port());
    }
}
