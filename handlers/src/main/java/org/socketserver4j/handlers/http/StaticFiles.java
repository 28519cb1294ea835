package org.socketserver4j.handlers.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A route serving the files under one directory, for {@code GET} and {@code HEAD}; mount it
 * with {@link Router.Builder#mount}. It serves the file that {@link HttpRequest#subPath()}
 * names and nothing outside the directory:
 * <ul>
 *   <li>each path segment is percent-decoded on its own (strict UTF-8); a segment that decodes
 *       to {@code ..}, or holds {@code /}, {@code \} or NUL, is refused (404), so {@code ../},
 *       {@code %2e%2e/} and {@code ..%2f} cannot climb out; {@code .} and empty segments are
 *       dropped; malformed escapes get 400;</li>
 *   <li>the file is resolved with {@link Path#toRealPath} and must still lie under the real
 *       root, so a symbolic link pointing out of the directory is refused (404), while links
 *       within it work; the file is then opened without following a link;</li>
 *   <li>hidden files (a segment starting with {@code .}) are not served unless
 *       {@link #servingHiddenFiles} says so; nor are directories: a directory answers with its
 *       {@code index.html}, or 404 (no listings), after a 301 to add a missing final slash.</li>
 * </ul>
 *
 * <p>The {@code Content-Type} comes from {@link ContentTypes}; {@code Last-Modified} is sent,
 * and {@code If-Modified-Since} (in any HTTP date format, ignored when {@code If-None-Match}
 * is present, or the date is invalid or in the future) answers 304 when the file has not
 * changed since. {@code HEAD} gets the headers of {@code GET} without opening the file. Ranges
 * are not supported: the whole file is sent, with {@code 200}.
 *
 * <p>What runs on the I/O thread: resolving and opening the file (a few metadata system
 * calls, and {@link java.nio.file.Files#probeContentType} for an extension the table lacks);
 * the body is then read in bounded chunks as the connection can take them (see
 * {@link HttpHandler}). The core {@code Connection} has no zero-copy file transfer
 * ({@code sendfile}), so file bytes are read into a direct buffer, off the Java heap, and
 * written from there; the core copies to the heap only what the socket does not take at once.
 */
public final class StaticFiles implements Route {

    /** The file a directory answers with. */
    public static final String INDEX_FILE = "index.html";

    private static final Logger log = LoggerFactory.getLogger(StaticFiles.class);

    private final Path root;
    private final boolean serveHidden;

    /**
     * Serves the directory {@code root}.
     *
     * @throws IOException if it does not exist or cannot be resolved
     * @throws IllegalArgumentException if it is not a directory
     */
    public StaticFiles(Path root) throws IOException {
        this(realDirectory(root), false);
    }

    private StaticFiles(Path realRoot, boolean serveHidden) {
        this.root = realRoot;
        this.serveHidden = serveHidden;
    }

    private static Path realDirectory(Path root) throws IOException {
        Path real = Objects.requireNonNull(root, "root").toRealPath();
        if (!Files.isDirectory(real)) {
            throw new IllegalArgumentException("not a directory: " + root);
        }
        return real;
    }

    /** This route, serving hidden files (names starting with {@code .}) too, or not. */
    public StaticFiles servingHiddenFiles(boolean on) {
        return new StaticFiles(root, on);
    }

    /** The directory served, as its real path. */
    public Path root() {
        return root;
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws IOException {
        boolean head = request.method().equals("HEAD");
        if (!head && !request.method().equals("GET")) {
            return HttpResponse.text(HttpStatus.METHOD_NOT_ALLOWED, "405 Method Not Allowed\n")
                    .withHeader("Allow", "GET, HEAD, OPTIONS");
        }
        Lookup found = lookup(request.subPath(), request.path().endsWith("/"));
        switch (found.status) {
            case HttpStatus.OK -> { }
            case HttpStatus.MOVED_PERMANENTLY -> {
                String location = request.path() + "/" + (request.query() == null ? "" : "?" + request.query());
                return HttpResponse.text(HttpStatus.MOVED_PERMANENTLY, "301 Moved Permanently\n")
                        .withHeader("Location", location);
            }
            default -> {
                return HttpResponse.text(found.status, found.status + " " + HttpStatus.reasonPhrase(found.status) + "\n");
            }
        }
        Instant modified = Instant.ofEpochSecond(Math.floorDiv(found.attributes.lastModifiedTime().toMillis(), 1000));
        String lastModified = HttpDate.format(modified);
        if (notModifiedSince(request, modified)) {
            return HttpResponse.status(HttpStatus.NOT_MODIFIED).withHeader("Last-Modified", lastModified);
        }
        String type = ContentTypes.of(found.file);
        if (head) {
            return HttpResponse.bytes(HttpStatus.OK, type, new byte[0])
                    .withHeader("Content-Length", Long.toString(found.attributes.size()))
                    .withHeader("Last-Modified", lastModified);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(found.file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException e) {
            return HttpResponse.text(HttpStatus.FORBIDDEN, "403 Forbidden\n");
        } catch (NoSuchFileException e) {
            return HttpResponse.text(HttpStatus.NOT_FOUND, "404 Not Found\n");
        } catch (IOException e) {
            // replaced by a link since it was resolved (ELOOP), or gone: not served
            log.debug("cannot open {}: {}", found.file, e.toString());
            return HttpResponse.text(HttpStatus.NOT_FOUND, "404 Not Found\n");
        }
        try {
            return HttpResponse.file(channel, channel.size(), type).withHeader("Last-Modified", lastModified);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The regular file under the root that the percent-encoded {@code subPath} names, or
     * {@code null} when it names none that may be served.
     */
    public Path resolve(String subPath) {
        Lookup found = lookup(subPath, true);
        return found.status == HttpStatus.OK ? found.file : null;
    }

    private static boolean notModifiedSince(HttpRequest request, Instant modified) {
        if (request.headers().contains("If-None-Match") || request.headers().count("If-Modified-Since") != 1) {
            return false;
        }
        Instant since = HttpDate.parse(request.header("If-Modified-Since"));
        return since != null && !since.isAfter(Instant.now()) && !modified.isAfter(since);
    }

    private Lookup lookup(String subPath, boolean slashTerminated) {
        List<String> segments = segments(subPath);
        if (segments == null) {
            return Lookup.status(HttpStatus.BAD_REQUEST);
        }
        Path candidate = root;
        for (String segment : segments) {
            if (segment.equals("..") || segment.indexOf('/') >= 0 || segment.indexOf('\\') >= 0
                    || segment.indexOf('\0') >= 0 || (!serveHidden && segment.startsWith("."))) {
                return Lookup.status(HttpStatus.NOT_FOUND);
            }
            try {
                candidate = candidate.resolve(segment);
            } catch (InvalidPathException e) {
                return Lookup.status(HttpStatus.NOT_FOUND);
            }
        }
        try {
            Path real = within(candidate);
            if (real == null) {
                return Lookup.status(HttpStatus.NOT_FOUND);
            }
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                if (!slashTerminated) {
                    return Lookup.status(HttpStatus.MOVED_PERMANENTLY);
                }
                real = within(real.resolve(INDEX_FILE));
                if (real == null) {
                    return Lookup.status(HttpStatus.NOT_FOUND);
                }
                attributes = Files.readAttributes(real, BasicFileAttributes.class);
            }
            if (!attributes.isRegularFile()) {
                return Lookup.status(HttpStatus.NOT_FOUND);
            }
            return new Lookup(HttpStatus.OK, real, attributes);
        } catch (NoSuchFileException e) {
            return Lookup.status(HttpStatus.NOT_FOUND);
        } catch (AccessDeniedException e) {
            return Lookup.status(HttpStatus.FORBIDDEN);
        } catch (IOException | SecurityException e) {
            log.debug("cannot resolve {}: {}", candidate, e.toString());
            return Lookup.status(HttpStatus.NOT_FOUND);
        }
    }

    /** The real path of {@code path} when it lies under the root (and is not hidden), else null. */
    private Path within(Path path) throws IOException {
        Path real = path.toRealPath();
        if (!real.startsWith(root)) {
            log.debug("refused {}: it leads out of {}", path, root);
            return null;
        }
        if (!serveHidden) {
            for (Path name : root.relativize(real)) {
                if (name.toString().startsWith(".")) {
                    return null;
                }
            }
        }
        return real;
    }

    /** The decoded segments of a percent-encoded path, without empty and {@code .} ones; null if malformed. */
    private static List<String> segments(String encoded) {
        List<String> segments = new ArrayList<>();
        for (String raw : encoded.split("/", -1)) {
            String segment = percentDecode(raw);
            if (segment == null) {
                return null;
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return segments;
    }

    /** {@code text} with its {@code %XX} escapes decoded as UTF-8; null if malformed. */
    static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    return null;
                }
                int high = HttpSyntax.hexValue((byte) text.charAt(i + 1));
                int low = HttpSyntax.hexValue((byte) text.charAt(i + 2));
                if (high < 0 || low < 0 || text.charAt(i + 1) > 0x7f || text.charAt(i + 2) > 0x7f) {
                    return null;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c > 0x7f) {
                return null;
            } else {
                bytes.write(c);
            }
        }
        try {
            CharBuffer decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()));
            return decoded.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private record Lookup(int status, Path file, BasicFileAttributes attributes) {
        static Lookup status(int status) {
            return new Lookup(status, null, null);
        }
    }
}
