package io.kvmctl.profile;

import java.util.Optional;

/**
 * What QEMU does when the guest powers off, reboots or panics ({@code -action}, QEMU 6.0+). Empty means QEMU's
 * default (power off, reset, shut down on panic... which needs a pvpanic device, added when {@code onCrash} is set).
 */
public record GuestActions(Optional<OnPoweroff> onPoweroff, Optional<OnReboot> onReboot, Optional<OnCrash> onCrash) {

    public static GuestActions defaults() {
        return new GuestActions(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public boolean isDefault() {
        return onPoweroff.isEmpty() && onReboot.isEmpty() && onCrash.isEmpty();
    }

    /** {@code -action shutdown=}: end QEMU, or keep it paused so its state can be inspected. */
    public enum OnPoweroff {
        POWEROFF,
        PAUSE
    }

    /** {@code -action reboot=}: reset the guest, or treat a reboot as a shutdown (what {@code -no-reboot} does). */
    public enum OnReboot {
        RESET,
        SHUTDOWN
    }

    /** {@code -action panic=} (QEMU 7.2 values). */
    public enum OnCrash {
        PAUSE,
        SHUTDOWN,
        EXIT_FAILURE,
        NONE
    }
}
