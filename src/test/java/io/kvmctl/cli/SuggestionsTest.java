package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> COMMANDS = List.of("list", "status", "stats", "probe", "up", "down", "qmp");

    @Test
    void suggestsTheCommandOneLetterAway() {
        assertEquals(List.of("list"), Suggestions.closest("lst", COMMANDS));
    }

    @Test
    void countsASwapOfNeighboursAsOneEdit() {
        assertEquals("status", Suggestions.closest("sttaus", COMMANDS).getFirst());
    }

    @Test
    void suggestsAnOptionIgnoringItsDashes() {
        assertEquals(List.of("--json"), Suggestions.closest("--jsn", List.of("-h", "--help", "--json", "--all")));
    }

    @Test
    void suggestsNothingForAWordFarFromEveryName() {
        assertEquals(List.of(), Suggestions.closest("frobnicate", COMMANDS));
    }

    @Test
    void sentenceJoinsTwoNamesWithOr() {
        assertEquals(" Did you mean 'status' or 'stats'?", Suggestions.sentence(List.of("status", "stats")));
        assertEquals("", Suggestions.sentence(List.of()));
    }
}
