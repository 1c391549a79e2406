package io.kvmctl.profile;

import java.util.List;

/** Which accelerator QEMU uses. {@code AUTO} asks QEMU for KVM and lets it fall back to TCG when KVM is unusable. */
public enum Accel {
    KVM("kvm"),
    TCG("tcg"),
    AUTO("auto");

    private final String yamlName;

    Accel(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    /** QEMU tries {@code -accel} options in order, so AUTO is simply kvm followed by tcg. */
    public List<String> qemuAccelerators() {
        return switch (this) {
            case KVM -> List.of("kvm");
            case TCG -> List.of("tcg");
            case AUTO -> List.of("kvm", "tcg");
        };
    }
}
