package io.kvmctl.net;

import io.kvmctl.profile.NetBackend;
import io.kvmctl.profile.NicSpec;
import java.util.Optional;

/** A NIC to hot-add: its backend (user networking without forwards, a tap, or a new tap on a bridge). */
public record NicRequest(Optional<String> id, NetBackend backend, NicSpec.Model model) {
    public String describeBackend() {
        return switch (backend) {
            case NetBackend.User u -> "user";
            case NetBackend.Tap(var ifname) -> "tap " + ifname.orElse("(new)");
            case NetBackend.Bridge(var name) -> "bridge " + name;
        };
    }
}
