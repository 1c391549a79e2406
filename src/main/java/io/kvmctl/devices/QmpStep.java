package io.kvmctl.devices;

import tools.jackson.databind.node.ObjectNode;

/** One QMP command of a plan, with its arguments. */
public record QmpStep(String command, ObjectNode arguments) {
    @Override
    public String toString() {
        return command + " " + arguments;
    }
}
