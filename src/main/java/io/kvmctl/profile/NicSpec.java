package io.kvmctl.profile;

import java.util.Optional;

/**
 * One network card. Without an explicit {@code mac}, the address is derived from the VM name and the NIC's index
 * ({@link MacAddress#derive}) when the command line is built, so {@code --name} gives each VM its own addresses.
 */
public record NicSpec(String id, Model model, Optional<MacAddress> mac, NetBackend backend) {

    public MacAddress macFor(String vmName, int index) {
        return mac.orElseGet(() -> MacAddress.derive(vmName, index));
    }

    /** Emulated NIC models. */
    public enum Model {
        VIRTIO_NET("virtio-net", "virtio-net-pci"),
        E1000("e1000", "e1000"),
        RTL8139("rtl8139", "rtl8139");

        private final String yamlName;
        private final String qemuDevice;

        Model(String yamlName, String qemuDevice) {
            this.yamlName = yamlName;
            this.qemuDevice = qemuDevice;
        }

        public String yamlName() {
            return yamlName;
        }

        public String qemuDevice() {
            return qemuDevice;
        }
    }
}
