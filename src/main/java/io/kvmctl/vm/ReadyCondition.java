package io.kvmctl.vm;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What "the VM is ready" means for {@code up --wait}: an ssh login with kvmctl's key works, a line on the serial
 * console matches, a guest port behind a user-network forward answers, or qemu-guest-agent answers. Pure: parsing
 * and wording.
 */
public sealed interface ReadyCondition {
    /** An ssh login as the cloud-init user with kvmctl's key runs {@code true}. */
    record Ssh() implements ReadyCondition {}

    /** A serial console line (seen since the VM started) in which {@code pattern} finds something. */
    record Serial(Pattern pattern) implements ReadyCondition {
        @Override
        public boolean equals(Object o) {
            return o instanceof Serial s && s.pattern.pattern().equals(pattern.pattern());
        }

        @Override
        public int hashCode() {
            return pattern.pattern().hashCode();
        }
    }

    /** A TCP connection to guest port {@code port}, through its forward, that the guest accepts and keeps. */
    record Port(int port) implements ReadyCondition {}

    /**
     * qemu-guest-agent in the guest answers a sync and a ping: the guest booted far enough to start its services.
     * Needs a VM started with {@code agent: true}.
     */
    record Agent() implements ReadyCondition {
        /** Why {@code --wait agent} cannot work for VM {@code vmName}, and what to do instead. */
        public static String missingChannel(String vmName) {
            return "--wait agent: VM " + vmName + " has no guest agent channel; add 'agent: true' to its profile"
                    + " (and qemu-guest-agent to the guest), or wait for ssh, serial:REGEX or port:N instead";
        }
    }

    /** What a user writes after {@code --wait}: {@code ssh}, {@code serial:REGEX}, {@code port:N} or {@code agent}. */
    public static ReadyCondition parse(String text) {
        String usage = "; use ssh, serial:REGEX (e.g. serial:'login:'), port:N (a guest TCP port with a hostfwd,"
                + " 1-65535) or agent (with 'agent: true' in the profile)";
        if (text.equals("ssh")) {
            return new Ssh();
        }
        if (text.startsWith("serial:")) {
            String regex = text.substring("serial:".length());
            if (regex.isEmpty()) {
                throw new IllegalArgumentException("--wait serial: needs a regular expression after the colon" + usage);
            }
            try {
                return new Serial(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("--wait " + text + ": not a regular expression ("
                        + e.getDescription() + " at index " + e.getIndex() + ")" + usage);
            }
        }
        if (text.startsWith("port:")) {
            String number = text.substring("port:".length());
            if (number.matches("[0-9]{1,5}")) {
                int port = Integer.parseInt(number);
                if (port >= 1 && port <= 65535) {
                    return new Port(port);
                }
            }
            throw new IllegalArgumentException("--wait " + text + ": '" + number + "' is not a port number" + usage);
        }
        if (text.equals("agent")) {
            return new Agent();
        }
        throw new IllegalArgumentException("--wait " + text + ": not a condition kvmctl knows" + usage);
    }

    /** What is waited for, as the live line and the timeout say it. */
    default String describe() {
        return switch (this) {
            case Ssh s -> "an ssh login";
            case Serial(Pattern p) -> "a serial line matching /" + p.pattern() + "/";
            case Port(int port) -> "guest port " + port + " to answer";
            case Agent a -> "the guest agent to answer";
        };
    }
}
