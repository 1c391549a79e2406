package io.kvmctl.qmp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** One message from QEMU, classified. Pure: parsing and classification, no IO. */
sealed interface QmpMessage {
    record Greeting(QmpGreeting greeting) implements QmpMessage {}

    /** A successful reply; {@code id} is null when QEMU sent none. */
    record Return(String id, JsonNode value) implements QmpMessage {}

    /** An error reply; {@code id} is null when QEMU could not tie it to a command (e.g. it could not parse ours). */
    record Error(String id, String errorClass, String description) implements QmpMessage {}

    record Event(QmpEvent event) implements QmpMessage {}

    /** Valid JSON that is none of the above; logged and ignored (forward compatibility). */
    record Unknown(JsonNode json) implements QmpMessage {}

    static QmpMessage parse(ObjectMapper mapper, byte[] bytes, int length) throws QmpProtocolException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new QmpProtocolException("QEMU sent a QMP message that is not valid UTF-8; closing the connection", e);
        }
        JsonNode json;
        try {
            json = mapper.readTree(text);
        } catch (JacksonException e) {
            throw new QmpProtocolException("QEMU sent a QMP message that is not valid JSON (" + e.getOriginalMessage()
                    + "): " + abbreviate(text), e);
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
            JsonNode data = json.get("data");
            return new Event(new QmpEvent(json.get("event").asString(),
                    data == null ? mapper().createObjectNode() : data, timestamp(json.get("timestamp"))));
        }
        String id = json.has("id") ? idText(json.get("id")) : null;
        if (json.has("return")) {
            return new Return(id, json.get("return"));
        }
        if (json.has("error")) {
            JsonNode error = json.get("error");
            return new Error(id, error.path("class").asString("GenericError"), error.path("desc").asString(""));
        }
        return new Unknown(json);
    }

    /** Ids are our strings, but QEMU echoes any JSON value; numbers and others are compared by their JSON text. */
    static String idText(JsonNode id) {
        return id.isString() ? id.stringValue() : id.toString();
    }

    private static Instant timestamp(JsonNode ts) {
        if (ts == null) {
            return Instant.now();
        }
        long seconds = ts.path("seconds").asLong(-1);
        long micros = ts.path("microseconds").asLong(0);
        return seconds < 0 ? Instant.now() : Instant.ofEpochSecond(seconds, micros * 1000);
    }

    private static ObjectMapper mapper() {
        return Json.MAPPER;
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " chars)";
    }
}
