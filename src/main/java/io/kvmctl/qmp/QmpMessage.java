package io.kvmctl.qmp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The QMP wire format, both ways: a message from QEMU decoded and classified ({@link #parse}), a command to QEMU
 * encoded ({@link #encodeCommand}). Pure: no IO.
 */
sealed interface QmpMessage {
    record Greeting(QmpGreeting greeting) implements QmpMessage {}

    /** A successful reply; {@code id} is null when QEMU sent none. */
    record Return(String id, JsonNode value) implements QmpMessage {}

    /** An error reply; {@code id} is null when QEMU could not tie it to a command (e.g. it could not parse ours). */
    @SuppressWarnings("AvoidCommonTypeNames") // QMP's own name for it, always written QmpMessage.Error
    record Error(String id, String errorClass, String description) implements QmpMessage {}

    record Event(QmpEvent event) implements QmpMessage {}

    /** Valid JSON that is none of the above; logged and ignored (forward compatibility). */
    record Unknown(JsonNode json) implements QmpMessage {}

    /**
     * A command as QEMU reads it: one line of JSON, {@code {"execute": C, "arguments": {...}, "id": I}} with
     * {@code exec-oob} instead of {@code execute} for out-of-band execution, and no {@code arguments} member when
     * there are none. The newline ends the message for QEMU's JSON streamer.
     */
    static byte[] encodeCommand(String id, String command, ObjectNode arguments, boolean oob) {
        ObjectNode message = Json.object();
        message.put(oob ? "exec-oob" : "execute", command);
        if (arguments != null && !arguments.isEmpty()) {
            message.set("arguments", arguments);
        }
        message.put("id", id);
        return (Json.MAPPER.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static QmpMessage parse(ObjectMapper mapper, byte[] bytes, int length) throws QmpProtocolException {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new QmpProtocolException(
                    "QEMU sent a QMP message that is not valid UTF-8; closing the connection", e);
        }
        JsonNode json;
        try {
            json = mapper.readTree(text);
        } catch (JacksonException e) {
            throw new QmpProtocolException(
                    "QEMU sent a QMP message that is not valid JSON (" + e.getOriginalMessage() + "): "
                            + abbreviate(text),
                    e);
        }
        return classify(json);
    }

    static QmpMessage classify(JsonNode json) throws QmpProtocolException {
        if (json == null || !json.isObject()) {
            throw new QmpProtocolException("QEMU sent a QMP message that is not a JSON object: " + json);
        }
        if (json.has("QMP")) {
            return new Greeting(QmpGreeting.fromJson(json.get("QMP")));
        }
        if (json.has("event")) {
            JsonNode name = json.get("event");
            if (!name.isString()) {
                throw new QmpProtocolException(
                        "QEMU sent an event whose name is not a string: " + abbreviate(json.toString()));
            }
            JsonNode data = json.get("data");
            return new Event(new QmpEvent(
                    name.stringValue(),
                    data == null ? mapper().createObjectNode() : data,
                    timestamp(json.get("timestamp"))));
        }
        String id = json.has("id") ? idText(json.get("id")) : null;
        if (json.has("return")) {
            return new Return(id, json.get("return"));
        }
        if (json.has("error")) {
            JsonNode error = json.get("error");
            return new Error(id, text(error.path("class"), "GenericError"), text(error.path("desc"), ""));
        }
        return new Unknown(json);
    }

    /** Ids are our strings, but QEMU echoes any JSON value; numbers and others are compared by their JSON text. */
    static String idText(JsonNode id) {
        return id.isString() ? id.stringValue() : id.toString();
    }

    /**
     * A string member as sent; another JSON value as its JSON text (so odd replies still say what they held).
     * Jackson 3's no-argument {@code asString()} throws on containers, which would escape the reader thread.
     */
    static String text(JsonNode node, String absent) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return absent;
        }
        return node.isString() ? node.stringValue() : node.toString();
    }

    /**
     * QEMU's {@code {"seconds": S, "microseconds": U}}; the time of arrival when it is missing or out of range
     * (QEMU writes -1 when it could not read the clock). A bad timestamp must not cost the event.
     */
    private static Instant timestamp(JsonNode ts) {
        if (ts == null) {
            return Instant.now();
        }
        JsonNode s = ts.path("seconds");
        JsonNode us = ts.path("microseconds");
        if (!s.isIntegralNumber()
                || !s.canConvertToLong()
                || s.longValue() < 0
                || s.longValue() > Instant.MAX.getEpochSecond()) {
            return Instant.now();
        }
        long micros = us.isIntegralNumber() && us.canConvertToLong() ? us.longValue() : 0;
        if (micros < 0 || micros > 999_999) {
            micros = 0;
        }
        return Instant.ofEpochSecond(s.longValue(), micros * 1000);
    }

    private static ObjectMapper mapper() {
        return Json.MAPPER;
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " chars)";
    }
}
