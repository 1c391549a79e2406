package io.kvmctl.web;

import io.kvmctl.qmp.Json;
import io.kvmctl.vm.NoSuchVmException;
import io.kvmctl.vm.VmNames;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The pages and the JSON API (docs/design/web-contract.md), behind {@link RequestGuard}. */
final class ApiRoutes extends Handler.Abstract {
    private final ListFeed list;
    private final Actions actions;
    private final VmDetails details;

    ApiRoutes(ListFeed list, Actions actions, VmDetails details) {
        this.list = list;
        this.actions = actions;
        this.details = details;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        // Blocking work (QMP, a migration start) runs on a virtual thread, not on one of Jetty's few threads.
        Thread.ofVirtual().name("kvmctl-web-request").start(() -> {
            try {
                route(request, response, callback, method, path);
            } catch (Actions.BadRequest e) {
                HttpAnswers.error(response, callback, 400, e.getMessage());
            } catch (NoSuchVmException | java.nio.file.NoSuchFileException e) {
                HttpAnswers.error(response, callback, 404, e.getMessage());
            } catch (IOException | RuntimeException e) {
                HttpAnswers.error(response, callback, 500, String.valueOf(e.getMessage()));
            }
        });
        return true;
    }

    private void route(Request request, Response response, Callback callback, String method, String path)
            throws IOException {
        if ("GET".equals(method) && "/".equals(path)) {
            staticFile(response, callback, "index.html");
            return;
        }
        if ("GET".equals(method) && path.startsWith("/static/")) {
            staticFile(response, callback, path.substring("/static/".length()));
            return;
        }
        List<String> p = List.of(path.replaceFirst("^/", "").split("/"));
        if (p.size() < 2 || !"api".equals(p.get(0)) || !"vms".equals(p.get(1))) {
            HttpAnswers.error(response, callback, 404, "no such page: " + path);
            return;
        }
        if (p.size() == 2 && "GET".equals(method)) {
            HttpAnswers.json(response, callback, 200, list.current());
            return;
        }
        String name = p.get(2);
        if (!VmNames.isValid(name)) {
            throw new Actions.BadRequest("'" + name + "' is not a VM name");
        }
        String what = p.size() > 3 ? p.get(3) : "";
        String arg = p.size() > 4 ? p.get(4) : null;
        if ("GET".equals(method) && p.size() == 3) {
            HttpAnswers.json(response, callback, 200, details.of(name).toString());
            return;
        }
        if ("GET".equals(method) && "screenshot.png".equals(what)) {
            byte[] png = actions.screenshot(name);
            String time = LocalDateTime.now(java.time.ZoneId.systemDefault())
                    .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            response.getHeaders()
                    .put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=" + name + "-" + time + ".png");
            HttpAnswers.bytes(response, callback, 200, "image/png", png);
            return;
        }
        JsonNode body = body(request);
        String message =
                switch (method + " " + what + (arg == null ? "" : " *") + (p.size() > 5 ? " " + p.get(5) : "")) {
                    case "POST up" -> actions.up(name);
                    case "POST down" -> actions.down(name, body.path("force").asBoolean(false));
                    case "POST pause" -> actions.pause(name);
                    case "POST resume" -> actions.resume(name);
                    case "POST reset" -> actions.reset(name);
                    case "POST snapshots" -> actions.saveSnapshot(name, body);
                    case "POST snapshots * load" -> actions.loadSnapshot(name, arg);
                    case "DELETE snapshots *" -> actions.deleteSnapshot(name, arg);
                    case "POST migrate" -> actions.migrate(name);
                    case "POST disks", "DELETE disks *", "POST nics", "DELETE nics *" ->
                        throw new UnsupportedOperationException(
                                "hot-plug from the web is not there yet: use kvmctl" + " device / kvmctl nic " + name);
                    default -> null;
                };
        if (message == null) {
            HttpAnswers.error(response, callback, 404, "no such action: " + method + " " + path);
            return;
        }
        HttpAnswers.json(
                response, callback, "POST migrate".equals(method + " " + what) ? 202 : 200, WebJson.ok(message));
    }

    private static JsonNode body(Request request) throws IOException {
        String text = Content.Source.asString(request);
        if (text == null || text.isBlank()) {
            return Json.object();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(text);
            if (!(n instanceof ObjectNode)) {
                throw new Actions.BadRequest("the request body must be a JSON object");
            }
            return n;
        } catch (tools.jackson.core.JacksonException e) {
            throw new Actions.BadRequest("the request body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static void staticFile(Response response, Callback callback, String relative) throws IOException {
        byte[] bytes = StaticFiles.read(relative);
        if (bytes != null) {
            HttpAnswers.bytes(response, callback, 200, StaticFiles.type(relative), bytes);
        } else if (StaticFiles.read("index.html") == null) {
            HttpAnswers.page(
                    response,
                    callback,
                    500,
                    "the web pages were not built into this kvmctl: run make"
                            + " (or ./mvnw package) to bundle src/web");
        } else {
            HttpAnswers.error(response, callback, 404, "no such file: " + relative);
        }
    }
}
