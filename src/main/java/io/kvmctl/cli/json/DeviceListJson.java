package io.kvmctl.cli.json;

import io.kvmctl.devices.DeviceEntry;
import java.util.List;

/** {@code kvmctl device list --json} ({@code kvmctl.device.list/1}); {@code medium} and {@code slot} may be null. */
public record DeviceListJson(String name, List<Device> devices) {
    public static final String KIND = "kvmctl.device.list/1";

    public record Device(String id, String type, String medium, String slot) {}

    public static DeviceListJson of(String vm, List<DeviceEntry> devices) {
        return new DeviceListJson(
                vm,
                devices.stream()
                        .map(d -> new Device(
                                d.id(),
                                d.type(),
                                d.medium().orElse(null),
                                d.slot().orElse(null)))
                        .toList());
    }
}
