package org.socketserver4j.handlers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Exact and prefix routes, 404 against 405 with Allow, HEAD and OPTIONS. */
class RouterTest {

    private static HttpResponse named(String name, HttpRequest request) {
        return HttpResponse.text(200, name + " sub=" + request.subPath());
    }

    private final Router router = Router.builder()
            .get("/a", r -> named("get-a", r))
            .post("/a", r -> named("post-a", r))
            .route("PATCH", "/a/b", r -> named("patch-ab", r))
            .prefix("GET", "/files/", r -> named("files", r))
            .prefix("DELETE", "/files", r -> named("delete-files", r))
            .prefix("GET", "/files/deep/", r -> named("deep", r))
            .get("/files/exact", r -> named("exact", r))
            .build();

    private static String call(Router router, String method, String target) throws Exception {
        HttpResponse response = router.route(HttpRequest.of(method, target, HttpHeaders.EMPTY, null));
        String allow = response.headers().first("Allow");
        return response.status() + " " + new String(response.body(), StandardCharsets.UTF_8).strip()
                + (allow == null ? "" : " [Allow: " + allow + "]");
    }

    private String call(String method, String target) throws Exception {
        return call(router, method, target);
    }

    @Test
    void routesExactPathsByMethod() throws Exception {
        assertThat(call("GET", "/a")).isEqualTo("200 get-a sub=/a");
        assertThat(call("POST", "/a?x=1")).isEqualTo("200 post-a sub=/a");
        assertThat(call("PATCH", "/a/b")).isEqualTo("200 patch-ab sub=/a/b");
    }

    @Test
    void headFallsBackToGet() throws Exception {
        assertThat(call("HEAD", "/a")).isEqualTo("200 get-a sub=/a");
        assertThat(call("HEAD", "/files/x")).isEqualTo("200 files sub=x");
    }

    @Test
    void aKnownPathWithAnotherMethodIs405WithAllow() throws Exception {
        assertThat(call("PUT", "/a")).isEqualTo("405 405 Method Not Allowed [Allow: GET, POST, HEAD, OPTIONS]");
        assertThat(call("GET", "/a/b")).isEqualTo("405 405 Method Not Allowed [Allow: PATCH, OPTIONS]");
        assertThat(call("POST", "/files/x")).isEqualTo("405 405 Method Not Allowed [Allow: GET, DELETE, HEAD, OPTIONS]");
    }

    @Test
    void anUnknownPathIs404() throws Exception {
        assertThat(call("GET", "/nothing")).isEqualTo("404 404 Not Found");
        assertThat(call("GET", "/a/")).isEqualTo("404 404 Not Found");
        assertThat(call("GET", "/filesystem")).as("a prefix matches whole segments only").isEqualTo("404 404 Not Found");
    }

    @Test
    void theLongestPrefixWinsAndAnExactPathBeatsAnyPrefix() throws Exception {
        assertThat(call("GET", "/files/a/b.txt?v=2")).isEqualTo("200 files sub=a/b.txt");
        assertThat(call("GET", "/files")).isEqualTo("200 files sub=");
        assertThat(call("GET", "/files/")).isEqualTo("200 files sub=");
        assertThat(call("GET", "/files/deep/x")).isEqualTo("200 deep sub=x");
        assertThat(call("DELETE", "/files/deep/x")).as("the matching entry decides")
                .isEqualTo("405 405 Method Not Allowed [Allow: GET, HEAD, OPTIONS]");
        assertThat(call("GET", "/files/exact")).isEqualTo("200 exact sub=/files/exact");
        assertThat(call("DELETE", "/files/x")).isEqualTo("200 delete-files sub=x");
    }

    @Test
    void theRootPrefixMatchesEveryPath() throws Exception {
        Router root = Router.builder().prefix("GET", "/", r -> named("root", r)).get("/x", r -> named("x", r)).build();
        assertThat(call(root, "GET", "/")).isEqualTo("200 root sub=");
        assertThat(call(root, "GET", "/a/b")).isEqualTo("200 root sub=a/b");
        assertThat(call(root, "GET", "/x")).isEqualTo("200 x sub=/x");
    }

    @Test
    void optionsListsTheMethods() throws Exception {
        assertThat(call("OPTIONS", "/a")).isEqualTo("204  [Allow: GET, POST, HEAD, OPTIONS]");
        HttpResponse star = router.route(parse("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertThat(star.status()).isEqualTo(204);
        assertThat(star.headers().first("Allow")).isEqualTo("GET, POST, PATCH, DELETE, HEAD, OPTIONS");
        assertThat(router.allowedMethods("/files/q")).isEqualTo("GET, DELETE, HEAD, OPTIONS");
        assertThat(router.allowedMethods("/q")).isNull();
    }

    @Test
    void matchesThePathStillEncoded() throws Exception {
        assertThat(call("GET", "/%61")).isEqualTo("404 404 Not Found");
        assertThat(call("GET", "/files/a%20b")).isEqualTo("200 files sub=a%20b");
    }

    @Test
    void refusesBadRoutes() {
        assertThatThrownBy(() -> Router.builder().get("x", r -> null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Router.builder().route("G T", "/", r -> null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Router.builder().route("", "/", r -> null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static HttpRequest parse(String request) {
        return ((ParseResult.Complete) new HttpRequestParser(HttpLimits.defaults())
                .parse(java.nio.ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)))).request();
    }
}
