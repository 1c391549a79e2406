package io.kvmctl.profile;

/** The {@code on_poweroff}, {@code on_reboot} and {@code on_crash} fields, as one {@link GuestActions}. */
final class GuestActionsSection {
    private GuestActionsSection() {}

    static GuestActions read(YamlObject t) {
        return new GuestActions(
                t.choice("on_poweroff", GuestActions.OnPoweroff.class, YamlObject::lowerDashed),
                t.choice("on_reboot", GuestActions.OnReboot.class, YamlObject::lowerDashed),
                t.choice("on_crash", GuestActions.OnCrash.class, YamlObject::lowerDashed));
    }
}
