package io.kvmctl.vm;

/** The step of the shutdown sequence that ended a VM, in the order they are tried. */
public enum StopStep {
    /** QEMU had already exited. */
    ALREADY_STOPPED("QEMU had already exited"),
    /** The guest powered off after an ACPI power-button press ({@code system_powerdown}). */
    POWERDOWN("the guest powered off after an ACPI power-button press"),
    /**
     * The guest ignored the power button but powered off when its guest agent was asked ({@code guest-shutdown}).
     */
    GUEST_AGENT("the guest ignored the ACPI power button and powered off when its guest agent was asked "
            + "(guest-shutdown)"),
    /** QEMU quit when asked over QMP ({@code quit}); the guest was not shut down cleanly. */
    QUIT("QEMU quit when asked over QMP (the guest did not shut down by itself)"),
    /** QEMU ended on SIGTERM. */
    SIGTERM("QEMU ended on SIGTERM (its monitor did not answer)"),
    /** QEMU had to be killed with SIGKILL. */
    SIGKILL("QEMU had to be killed with SIGKILL");

    private final String description;

    StopStep(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
