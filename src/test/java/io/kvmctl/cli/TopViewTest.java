package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.stats.VmStats;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopViewTest {
    private static VmStats vm(String name, double cpuPercent, long rss) {
        return new VmStats(
                name,
                "running",
                Duration.ofSeconds(5),
                1,
                1,
                cpuPercent,
                null,
                rss,
                null,
                List.of(),
                List.of(),
                List.of(),
                null);
    }

    private static final List<VmStats> VMS = List.of(vm("alpha", 5, 300), vm("bravo", 90, 100), vm("charlie", 40, 900));

    private static List<String> names(List<VmStats> vms) {
        return vms.stream().map(VmStats::name).toList();
    }

    @Test
    void startsWithTheBusiestFirst() {
        assertEquals(
                List.of("bravo", "charlie", "alpha"), names(TopView.initial().order(VMS)));
    }

    @Test
    void mSortsByMemoryLargestFirst() {
        assertEquals(
                List.of("charlie", "alpha", "bravo"),
                names(TopView.initial().press('m').order(VMS)));
    }

    @Test
    void nSortsByNameAndCGoesBackToCpu() {
        TopView byName = TopView.initial().press('n');
        assertEquals(List.of("alpha", "bravo", "charlie"), names(byName.order(VMS)));
        assertEquals(
                List.of("bravo", "charlie", "alpha"), names(byName.press('c').order(VMS)));
    }

    @Test
    void qQuitsInEitherCase() {
        assertTrue(TopView.initial().press('q').quit());
        assertTrue(TopView.initial().press('Q').quit());
        assertFalse(TopView.initial().press('m').quit());
    }

    @Test
    void otherKeysChangeNothing() {
        TopView view = TopView.initial().press('m');
        assertSame(view, view.press('x'));
        assertSame(view, view.press('\n'));
    }

    @Test
    void equalLoadsAreOrderedByName() {
        List<VmStats> tied = List.of(vm("zulu", 10, 1), vm("echo", 10, 1));
        assertEquals(List.of("echo", "zulu"), names(TopView.initial().order(tied)));
    }

    @Test
    void headerShowsTheOrderAndTheKeys() {
        assertEquals(
                "sort: cpu (c cpu, m memory, n name, q quit)", TopView.initial().keysLine());
        assertEquals(
                "sort: memory (c cpu, m memory, n name, q quit)",
                TopView.initial().press('M').keysLine());
    }
}
