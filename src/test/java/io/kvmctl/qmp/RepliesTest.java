package io.kvmctl.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RepliesTest {
    private static JsonNode json(String text) {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void strictReadersNameTheCommandAndTheMemberOfAnOddReply() {
        QmpUnexpectedReplyException e = assertThrows(
                QmpUnexpectedReplyException.class,
                () -> Replies.wholeNumber("query-balloon", json("{\"actual\": \"big\"}"), "actual"));
        assertEquals(
                "query-balloon failed: UnexpectedReply: no whole number 'actual' in the reply"
                        + " {\"actual\":\"big\"}",
                e.getMessage());
        assertEquals(QmpUnexpectedReplyException.ERROR_CLASS, e.errorClass());
        assertThrows(
                QmpUnexpectedReplyException.class,
                () -> Replies.string("query-status", json("{\"status\": {}}"), "status"));
        assertThrows(
                QmpUnexpectedReplyException.class,
                () -> Replies.intNumber("add-fd", json("{\"fd\": 99999999999}"), "fd"));
        assertThrows(QmpUnexpectedReplyException.class, () -> Replies.bool("x", json("[]"), "running"));
    }

    @Test
    void strictReadersReturnWellFormedMembers() throws Exception {
        assertEquals("running", Replies.string("query-status", json("{\"status\": \"running\"}"), "status"));
        assertEquals(1L << 40, Replies.wholeNumber("q", json("{\"n\": 1099511627776}"), "n"));
        assertEquals(3, Replies.intNumber("q", json("{\"n\": 3}"), "n"));
        assertTrue(Replies.bool("q", json("{\"b\": true}"), "b"));
    }

    @Test
    void lenientReadersFallBackOnEveryOtherType() {
        for (String odd : new String[] {"{}", "[]", "null", "\"7\"", "1e999", "123456789012345678901234567890"}) {
            JsonNode n = json(odd);
            assertEquals("fallback", Replies.stringOr(n.isString() ? null : n, "fallback"), odd);
            assertEquals(-1, Replies.longOr(n, -1), odd);
            assertEquals(-1, Replies.intOr(n, -1), odd);
            assertEquals(false, Replies.boolOr(n, false), odd);
        }
        assertEquals("7", Replies.stringOr(json("\"7\""), "fallback"));
    }
}
