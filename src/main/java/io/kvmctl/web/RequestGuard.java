package io.kvmctl.web;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Every request passes here first: a Host we answer to, then the one-time token exchange, then a session cookie,
 * then, for a request that changes something or opens a WebSocket, an Origin of ours. See docs/web.md.
 */
final class RequestGuard extends Handler.Wrapper {
    private volatile HostPolicy hosts; // set once the port is known (port 0 picks one)
    private final LoginTokens logins;
    private final boolean tls;

    RequestGuard(HostPolicy hosts, LoginTokens logins, boolean tls, Handler next) {
        super(next);
        this.hosts = hosts;
        this.logins = logins;
        this.tls = tls;
    }

    void hosts(HostPolicy policy) {
        hosts = policy;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (hosts == null || !hosts.allowsHost(host)) {
            HttpAnswers.error(
                    response,
                    callback,
                    421,
                    "this server does not answer to Host '" + host
                            + "': use the address kvmctl web printed, or add the name with --host");
            return true;
        }
        String path = Request.getPathInContext(request);
        String token = Request.extractQueryParameters(request).getValue("token");
        if ("/".equals(path) && token != null) {
            var session = logins.exchange(token);
            if (session.isEmpty()) {
                HttpAnswers.page(
                        response,
                        callback,
                        401,
                        "this link was used already (or is wrong): run kvmctl web" + " again for a new one");
                return true;
            }
            response.getHeaders().put(HttpHeader.SET_COOKIE, LoginTokens.setCookie(session.get(), tls));
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            Response.sendRedirect(request, response, callback, 303, "/", true);
            return true;
        }
        if (!logins.admits(request.getHeaders().get(HttpHeader.COOKIE))) {
            HttpAnswers.error(
                    response,
                    callback,
                    401,
                    "not logged in: open the link kvmctl web printed (it works"
                            + " once; run kvmctl web again for a new one)");
            return true;
        }
        boolean upgrade = "websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeader.UPGRADE));
        if ((upgrade || HostPolicy.changesState(request.getMethod()))
                && !hosts.allowsOrigin(request.getHeaders().get(HttpHeader.ORIGIN))) {
            HttpAnswers.error(
                    response, callback, 403, "refused: the request did not come from a kvmctl web page" + " (Origin)");
            return true;
        }
        return super.handle(request, response, callback);
    }
}
