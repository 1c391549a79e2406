package io.kvmctl.net;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What a VM's networking looks like at run time, kept in {@code net.json} of its runtime directory: the taps kvmctl
 * created (so {@code down}, and the cleanup of a crashed VM, remove exactly those), the final port-forward mapping
 * and hot-added NICs.
 *
 * @param notes things the user should know, e.g. that vhost-net is not available
 */
public record NetworkState(
        List<CreatedTap> createdTaps, List<ForwardMapping> forwards, List<HotNic> hotNics, List<String> notes) {
    public static final NetworkState EMPTY = new NetworkState(List.of(), List.of(), List.of(), List.of());

    public NetworkState {
        createdTaps = List.copyOf(createdTaps == null ? List.of() : createdTaps);
        forwards = List.copyOf(forwards == null ? List.of() : forwards);
        hotNics = List.copyOf(hotNics == null ? List.of() : hotNics);
        notes = List.copyOf(notes == null ? List.of() : notes);
    }

    public NetworkState withTaps(UnaryOperator<List<CreatedTap>> change) {
        return new NetworkState(change.apply(new ArrayList<>(createdTaps)), forwards, hotNics, notes);
    }

    public NetworkState withForwards(List<ForwardMapping> mapping) {
        return new NetworkState(createdTaps, mapping, hotNics, notes);
    }

    public NetworkState withHotNics(UnaryOperator<List<HotNic>> change) {
        return new NetworkState(createdTaps, forwards, change.apply(new ArrayList<>(hotNics)), notes);
    }

    public NetworkState withNotes(List<String> newNotes) {
        return new NetworkState(createdTaps, forwards, hotNics, newNotes);
    }

    public boolean isEmpty() {
        return createdTaps.isEmpty() && forwards.isEmpty() && hotNics.isEmpty() && notes.isEmpty();
    }
}
