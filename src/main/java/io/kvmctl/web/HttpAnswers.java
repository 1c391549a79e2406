package io.kvmctl.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The few ways the server answers: JSON, a one-line error, a plain page, bytes. */
final class HttpAnswers {
    private HttpAnswers() {}

    static void json(Response response, Callback callback, int status, String json) {
        bytes(response, callback, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    static void error(Response response, Callback callback, int status, String message) {
        json(response, callback, status, WebJson.error(message));
    }

    static void page(Response response, Callback callback, int status, String message) {
        String html = "<!doctype html><meta charset=utf-8><title>kvmctl web</title><p>"
                + message.replace("&", "&amp;").replace("<", "&lt;") + "</p>\n";
        bytes(response, callback, status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    static void bytes(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Integer.toString(body.length));
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
