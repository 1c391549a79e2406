package io.kvmctl.qmp.script;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * "The reply contains this": every member of an expected object must be in the actual object with a matching
 * value (extra members are fine); arrays must match element by element with the same length; scalars must be
 * equal (numbers by value: 1 equals 1.0). Pure.
 */
public final class JsonSubset {
    private JsonSubset() {}

    /** Empty when {@code actual} contains {@code expected}; otherwise where and how they differ. */
    public static Optional<String> mismatch(JsonNode expected, JsonNode actual) {
        return mismatch(expected, actual, "$");
    }

    private static Optional<String> mismatch(JsonNode expected, JsonNode actual, String path) {
        if (actual == null || actual.isMissingNode()) {
            return Optional.of(path + " is missing (expected " + expected + ")");
        }
        if (expected.isObject()) {
            if (!actual.isObject()) {
                return Optional.of(path + " is " + actual + ", expected an object");
            }
            for (var entry : expected.properties()) {
                Optional<String> m =
                        mismatch(entry.getValue(), actual.get(entry.getKey()), path + "." + entry.getKey());
                if (m.isPresent()) {
                    return m;
                }
            }
            return Optional.empty();
        }
        if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                return Optional.of(path + " is " + actual + ", expected " + expected);
            }
            for (int i = 0; i < expected.size(); i++) {
                Optional<String> m = mismatch(expected.get(i), actual.get(i), path + "[" + i + "]");
                if (m.isPresent()) {
                    return m;
                }
            }
            return Optional.empty();
        }
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0
                    ? Optional.empty()
                    : Optional.of(path + " is " + actual + ", expected " + expected);
        }
        return expected.equals(actual)
                ? Optional.empty()
                : Optional.of(path + " is " + actual + ", expected " + expected);
    }
}
