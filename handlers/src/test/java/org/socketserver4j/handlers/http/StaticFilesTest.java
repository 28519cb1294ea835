package org.socketserver4j.handlers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The static-file route: what it serves, what it refuses, content types, 304 and HEAD. */
class StaticFilesTest {

    private static final Instant MODIFIED = Instant.parse("2024-03-04T05:06:07Z");

    @TempDir
    Path temp;

    private Path root;
    private StaticFiles files;
    private Router router;

    @BeforeEach
    void layOutFiles() throws IOException {
        root = Files.createDirectories(temp.resolve("public"));
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "SECRET");
        Files.writeString(temp.resolve("secret.txt"), "SECRET");
        write("index.html", "<h1>home</h1>");
        write("hello.txt", "hello, file");
        write("style.css", "p {}");
        write("a b.txt", "spaced");
        write("caf\u00e9.txt", "accented");
        write("noextension", "plain bytes");
        write("sub/index.html", "<p>sub</p>");
        write("sub/data.json", "{}");
        write("empty/.keep", "");
        write(".hidden", "hidden");
        write(".git/config", "[core]");
        Files.createSymbolicLink(root.resolve("escape.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("escape-dir"), outside);
        Files.createSymbolicLink(root.resolve("relative-escape.txt"), Path.of("../outside/secret.txt"));
        Files.createSymbolicLink(root.resolve("inside-link.txt"), Path.of("hello.txt"));
        Files.createSymbolicLink(root.resolve("sub/up-link"), Path.of(".."));
        files = new StaticFiles(root);
        router = Router.builder().mount("/static/", files).build();
    }

    private void write(String name, String content) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(MODIFIED));
    }

    private HttpResponse get(String target, String... headers) throws Exception {
        return request("GET", target, headers);
    }

    private HttpResponse request(String method, String target, String... headers) throws Exception {
        return router.route(HttpRequest.of(method, target, HttpHeaders.of(headers), null));
    }

    private static String body(HttpResponse response) throws IOException {
        if (response.file() == null) {
            return new String(response.body(), StandardCharsets.UTF_8);
        }
        try (var channel = response.file()) {
            ByteBuffer all = ByteBuffer.allocate((int) response.bodyLength());
            while (all.hasRemaining() && channel.read(all, all.position()) > 0) {
                // read on
            }
            return new String(all.array(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void servesAFileWithItsTypeLengthAndDate() throws Exception {
        HttpResponse response = get("/static/hello.txt");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.file()).isNotNull();
        assertThat(response.bodyLength()).isEqualTo(11);
        assertThat(response.headers().first("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(response.headers().first("Last-Modified")).isEqualTo("Mon, 04 Mar 2024 05:06:07 GMT");
        assertThat(body(response)).isEqualTo("hello, file");
    }

    @Test
    void givesEachCommonFileItsContentType() throws Exception {
        assertThat(get("/static/index.html").headers().first("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(get("/static/style.css").headers().first("Content-Type")).isEqualTo("text/css; charset=utf-8");
        assertThat(get("/static/sub/data.json").headers().first("Content-Type")).isEqualTo("application/json");
        assertThat(get("/static/noextension").headers().first("Content-Type")).isNotBlank();
        assertThat(ContentTypes.byName("x.PNG")).isEqualTo("image/png");
        assertThat(ContentTypes.byName("x.")).isNull();
        assertThat(ContentTypes.of(Path.of("no-such-type.zzqq"))).isEqualTo(ContentTypes.OCTET_STREAM);
    }

    @Test
    void decodesPercentEscapesInNames() throws Exception {
        assertThat(body(get("/static/a%20b.txt"))).isEqualTo("spaced");
        assertThat(body(get("/static/caf%C3%A9.txt"))).isEqualTo("accented");
        assertThat(body(get("/static/./sub//data.json"))).isEqualTo("{}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/static/../secret.txt", "/static/../outside/secret.txt", "/static/%2e%2e/secret.txt",
        "/static/%2E%2E/outside/secret.txt", "/static/%2e%2e%2fsecret.txt", "/static/..%2fsecret.txt",
        "/static/..%2Foutside%2Fsecret.txt", "/static/sub/../../secret.txt", "/static/sub/%2e%2e/%2e%2e/secret.txt",
        "/static/..%5csecret.txt", "/static/..\\secret.txt", "/static/%2fetc%2fpasswd", "/static//etc/passwd",
        "/static/hello.txt%00.html", "/static/escape.txt", "/static/relative-escape.txt", "/static/escape-dir/secret.txt",
        "/static/sub/up-link/../secret.txt", "/static/.hidden", "/static/.git/config", "/static/%2egit/config",
        "/static/missing.txt", "/static/empty/"})
    void neverServesAnythingOutsideTheRootOrHidden(String target) throws Exception {
        HttpResponse response = get(target);
        assertThat(response.status()).as(target).isIn(400, 404);
        assertThat(body(response)).doesNotContain("SECRET").doesNotContain("[core]").doesNotContain("hidden");
        assertThat(response.file()).isNull();
    }

    @Test
    void resolveAnswersNullForEveryEscape() {
        assertThat(files.resolve("hello.txt")).isEqualTo(root.resolve("hello.txt"));
        assertThat(files.resolve("inside-link.txt")).isEqualTo(root.resolve("hello.txt"));
        assertThat(files.resolve("sub/up-link/hello.txt")).as("a link that stays inside is followed")
                .isEqualTo(root.resolve("hello.txt"));
        assertThat(files.resolve("%2e%2e/secret.txt")).isNull();
        assertThat(files.resolve("escape.txt")).isNull();
        assertThat(files.resolve("escape-dir/secret.txt")).isNull();
        assertThat(files.resolve("sub")).isEqualTo(root.resolve("sub/index.html"));
    }

    @Test
    void malformedEscapesAreBadRequests() throws Exception {
        assertThat(get("/static/%zz").status()).isEqualTo(400);
        assertThat(get("/static/%4").status()).isEqualTo(400);
        assertThat(get("/static/%ff%fe").status()).as("not UTF-8").isEqualTo(400);
    }

    @Test
    void aDirectoryRedirectsToItsSlashThenServesItsIndex() throws Exception {
        HttpResponse redirect = get("/static/sub?x=1");
        assertThat(redirect.status()).isEqualTo(301);
        assertThat(redirect.headers().first("Location")).isEqualTo("/static/sub/?x=1");
        assertThat(body(get("/static/sub/"))).isEqualTo("<p>sub</p>");
        assertThat(body(get("/static/"))).isEqualTo("<h1>home</h1>");
        assertThat(get("/static").status()).isEqualTo(301);
    }

    @Test
    void answersIfModifiedSinceWith304() throws Exception {
        HttpResponse same = get("/static/hello.txt", "If-Modified-Since", "Mon, 04 Mar 2024 05:06:07 GMT");
        assertThat(same.status()).isEqualTo(304);
        assertThat(same.file()).isNull();
        assertThat(same.headers().first("Last-Modified")).isEqualTo("Mon, 04 Mar 2024 05:06:07 GMT");
        assertThat(get("/static/hello.txt", "If-Modified-Since", "Sunday, 10-Mar-24 00:00:00 GMT").status()).isEqualTo(304);
        assertThat(request("HEAD", "/static/hello.txt", "If-Modified-Since", "Mon Mar  4 05:06:07 2024").status())
                .isEqualTo(304);
        assertThat(get("/static/hello.txt", "If-Modified-Since", "Mon, 04 Mar 2024 05:06:06 GMT").status()).isEqualTo(200);
        assertThat(get("/static/hello.txt", "If-Modified-Since", "not a date").status()).isEqualTo(200);
        assertThat(get("/static/hello.txt", "If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT").status())
                .as("a date in the future is ignored").isEqualTo(200);
        assertThat(get("/static/hello.txt", "If-Modified-Since", "Mon, 04 Mar 2024 05:06:07 GMT",
                "If-None-Match", "\"x\"").status()).as("If-None-Match takes precedence").isEqualTo(200);
    }

    @Test
    void headAnnouncesTheFileWithoutOpeningIt() throws Exception {
        HttpResponse head = request("HEAD", "/static/hello.txt");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.file()).isNull();
        assertThat(head.headers().first("Content-Length")).isEqualTo("11");
        assertThat(head.headers().first("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void otherMethodsAreNotAllowed() throws Exception {
        HttpResponse post = request("POST", "/static/hello.txt");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.headers().first("Allow")).isEqualTo("GET, HEAD, OPTIONS");
    }

    @Test
    void hiddenFilesAreServedOnlyWhenAskedFor() throws Exception {
        Router hidden = Router.builder().mount("/", files.servingHiddenFiles(true)).build();
        HttpResponse response = hidden.route(HttpRequest.of("GET", "/.hidden", HttpHeaders.EMPTY, null));
        assertThat(body(response)).isEqualTo("hidden");
    }

    @Test
    void theRootMustBeAnExistingDirectory() {
        assertThatThrownBy(() -> new StaticFiles(temp.resolve("nope"))).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> new StaticFiles(root.resolve("hello.txt"))).isInstanceOf(IllegalArgumentException.class);
    }
}
