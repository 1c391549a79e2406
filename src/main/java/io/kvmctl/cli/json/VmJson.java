package io.kvmctl.cli.json;

import io.kvmctl.agent.GuestAddress;
import io.kvmctl.firmware.VmFirmware;
import io.kvmctl.net.CreatedTap;
import io.kvmctl.net.ForwardMapping;
import io.kvmctl.net.HotNic;
import io.kvmctl.net.NetworkState;
import io.kvmctl.qemu.Sandbox;
import io.kvmctl.vm.VmStatus;
import java.time.Duration;
import java.util.List;

/** One running (or exited) VM as {@code status} ({@code kvmctl.status/1}) and {@code up} ({@code kvmctl.up/1}) print it. */
public record VmJson(
        String name,
        String state,
        int pid,
        String startedAt,
        Double uptimeSeconds,
        String accel,
        String qemuVersion,
        String machine,
        Integer exitStatus,
        String runtimeDir,
        String detail,
        String qemuUser,
        SandboxJson sandbox,
        FirmwareJson firmware,
        String agent,
        NetworkJson network,
        List<AddressJson> guestAddresses) {

    /** A forwarded host port: {@code host_port} 2222 reaches the guest's {@code guest_port} 22. */
    public record ForwardJson(
            String nic, String protocol, String hostAddress, int hostPort, int guestPort, boolean autoPort) {
        public static ForwardJson of(ForwardMapping f) {
            return new ForwardJson(f.nicId(), f.protocol(), f.hostAddress(), f.hostPort(), f.guestPort(), f.auto());
        }
    }

    /** An address the guest agent reported. */
    public record AddressJson(String interfaceName, String family, String address, int prefix, String mac) {
        public static AddressJson of(GuestAddress a) {
            return new AddressJson(a.interfaceName(), a.family(), a.address(), a.prefix(), a.mac());
        }
    }

    public record SandboxJson(boolean on, String options) {}

    public record FirmwareJson(
            String code, String vars, String format, boolean secureBoot, boolean smm, String descriptor) {}

    public record TapJson(String nic, String name, int ifindex, String bridge) {}

    public record HotNicJson(String id, String backend, String model, String mac, String port) {}

    public record NetworkJson(
            List<ForwardJson> forwards, List<TapJson> createdTaps, List<HotNicJson> hotNics, List<String> notes) {
        static NetworkJson of(NetworkState n) {
            NetworkState s = n == null ? NetworkState.EMPTY : n;
            return new NetworkJson(
                    s.forwards().stream().map(ForwardJson::of).toList(),
                    s.createdTaps().stream().map(VmJson::tap).toList(),
                    s.hotNics().stream().map(VmJson::hotNic).toList(),
                    s.notes());
        }
    }

    public static VmJson of(VmStatus s) {
        Sandbox sb = s.sandbox();
        VmFirmware fw = s.firmware();
        return new VmJson(
                s.name(),
                s.state(),
                s.pid(),
                s.startedAt() == null ? null : s.startedAt().toString(),
                seconds(s.uptime()),
                s.accel(),
                s.qemuVersion(),
                s.machine(),
                s.exit() == null ? null : s.exit().shellCode(),
                s.runtimeDir(),
                s.detail(),
                s.qemuUser(),
                sb == null ? null : new SandboxJson(sb.on(), sb.options()),
                fw == null
                        ? null
                        : new FirmwareJson(
                                fw.code(), fw.vars(), fw.format(), fw.secureBoot(), fw.smm(), fw.descriptor()),
                s.agent(),
                NetworkJson.of(s.network()),
                s.guestAddresses().stream().map(AddressJson::of).toList());
    }

    private static TapJson tap(CreatedTap t) {
        return new TapJson(t.nicId(), t.name(), t.ifindex(), t.bridge());
    }

    private static HotNicJson hotNic(HotNic h) {
        return new HotNicJson(h.id(), h.backend(), h.model(), h.mac(), h.port());
    }

    /** Seconds with millisecond precision, or null. */
    public static Double seconds(Duration d) {
        return d == null ? null : d.toMillis() / 1000.0;
    }
}
