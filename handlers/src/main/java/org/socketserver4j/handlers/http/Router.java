package org.socketserver4j.handlers.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Routes requests by method and path to {@link Route}s: exact paths, and path prefixes such as
 * {@code /static/} (the longest matching prefix wins; an exact path beats any prefix).
 *
 * <p>Paths are matched as sent, still percent-encoded and without the query. A prefix
 * {@code /p/} (or {@code /p}) matches {@code /p} and every path under {@code /p/}, never
 * {@code /pq}; the route sees the rest in {@link HttpRequest#subPath()}. The path entry that
 * matches decides the answer: its route for the method; for {@code HEAD}, its {@code GET} route
 * when it has no {@code HEAD} one (the handler sends no body); for {@code OPTIONS}, 204 with
 * {@code Allow} unless it has an {@code OPTIONS} route; otherwise 405 with {@code Allow}. No
 * matching entry: 404. {@code OPTIONS *} gets 204 with every method the router knows.
 *
 * <p>Immutable once built, and thread-safe.
 */
public final class Router {

    private final Map<String, Map<String, Route>> exact;
    private final Map<String, String> exactAllow;
    private final List<Prefix> prefixes;
    private final String allowAll;

    private Router(Builder builder) {
        this.exact = new HashMap<>();
        builder.exact.forEach((path, routes) -> exact.put(path, Map.copyOf(routes)));
        List<Prefix> sorted = new ArrayList<>();
        builder.prefixes.forEach((prefix, routes) -> sorted.add(new Prefix(prefix, Map.copyOf(routes),
                allow(routes.keySet()))));
        sorted.sort(Comparator.comparingInt((Prefix p) -> p.prefix.length()).reversed());
        this.prefixes = List.copyOf(sorted);
        Set<String> every = new LinkedHashSet<>();
        builder.exact.values().forEach(routes -> every.addAll(routes.keySet()));
        builder.prefixes.values().forEach(routes -> every.addAll(routes.keySet()));
        this.allowAll = allow(every);
        this.exactAllow = new HashMap<>();
        builder.exact.forEach((path, routes) -> exactAllow.put(path, allow(routes.keySet())));
    }

    /** A builder of an empty router. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The response to {@code request}: its route's, or 404, 405 or an {@code OPTIONS} answer.
     *
     * @throws Exception what the route threw
     */
    public HttpResponse route(HttpRequest request) throws Exception {
        String path = request.path();
        Map<String, Route> routes = exact.get(path);
        String allow;
        HttpRequest routed = request;
        if (routes != null) {
            allow = exactAllow.get(path);
        } else {
            Prefix prefix = matchPrefix(path);
            if (prefix == null) {
                if (path.equals("*") && request.method().equals("OPTIONS")) {
                    return HttpResponse.status(HttpStatus.NO_CONTENT).withHeader("Allow", allowAll);
                }
                return HttpResponse.text(HttpStatus.NOT_FOUND, "404 Not Found\n");
            }
            routes = prefix.routes;
            allow = prefix.allow;
            routed = request.withSubPath(prefix.subPath(path));
        }
        String method = request.method();
        Route route = routes.get(method);
        if (route == null && method.equals("HEAD")) {
            route = routes.get("GET");
        }
        if (route != null) {
            return Objects.requireNonNull(route.handle(routed), "route returned no response");
        }
        if (method.equals("OPTIONS")) {
            return HttpResponse.status(HttpStatus.NO_CONTENT).withHeader("Allow", allow);
        }
        return HttpResponse.text(HttpStatus.METHOD_NOT_ALLOWED, "405 Method Not Allowed\n")
                .withHeader("Allow", allow);
    }

    /**
     * The methods {@code path} answers, as an {@code Allow} value (with {@code HEAD} where
     * there is {@code GET}, and {@code OPTIONS}), or {@code null} when no entry matches it.
     */
    public String allowedMethods(String path) {
        String allow = exactAllow.get(path);
        if (allow != null) {
            return allow;
        }
        Prefix prefix = matchPrefix(path);
        return prefix == null ? null : prefix.allow;
    }

    private Prefix matchPrefix(String path) {
        for (Prefix prefix : prefixes) {
            if (prefix.matches(path)) {
                return prefix;
            }
        }
        return null;
    }

    private static String allow(Set<String> methods) {
        Set<String> all = new LinkedHashSet<>(methods);
        if (all.contains("GET")) {
            all.add("HEAD");
        }
        all.add("OPTIONS");
        return String.join(", ", all);
    }

    /** A prefix entry; {@code prefix} has no trailing slash ({@code ""} for the root). */
    private record Prefix(String prefix, Map<String, Route> routes, String allow) {
        boolean matches(String path) {
            return path.startsWith(prefix)
                    && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
        }

        String subPath(String path) {
            return path.length() <= prefix.length() + 1 ? "" : path.substring(prefix.length() + 1);
        }
    }

    /** Collects routes; {@link #build()} makes the router. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Map<String, Route>> exact = new LinkedHashMap<>();
        private final Map<String, Map<String, Route>> prefixes = new LinkedHashMap<>();

        private Builder() {}

        /** Routes {@code GET} (and so {@code HEAD}) of exactly {@code path}. */
        public Builder get(String path, Route route) {
            return route("GET", path, route);
        }

        /** Routes {@code POST} of exactly {@code path}. */
        public Builder post(String path, Route route) {
            return route("POST", path, route);
        }

        /** Routes {@code PUT} of exactly {@code path}. */
        public Builder put(String path, Route route) {
            return route("PUT", path, route);
        }

        /** Routes {@code DELETE} of exactly {@code path}. */
        public Builder delete(String path, Route route) {
            return route("DELETE", path, route);
        }

        /**
         * Routes {@code method} of exactly {@code path}, replacing a route given before.
         *
         * @throws IllegalArgumentException if the method is not a token or the path does not
         *     start with {@code /}
         */
        public Builder route(String method, String path, Route route) {
            exact.computeIfAbsent(checkPath(path), p -> new LinkedHashMap<>())
                    .put(checkMethod(method), Objects.requireNonNull(route, "route"));
            return this;
        }

        /**
         * Routes {@code method} of {@code prefix} and every path under it, replacing a route
         * given before. {@code /p/} and {@code /p} are the same prefix; {@code /} is every path.
         *
         * @throws IllegalArgumentException as {@link #route} does
         */
        public Builder prefix(String method, String prefix, Route route) {
            String p = checkPath(prefix);
            String key = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            prefixes.computeIfAbsent(key, k -> new LinkedHashMap<>())
                    .put(checkMethod(method), Objects.requireNonNull(route, "route"));
            return this;
        }

        /** Serves {@code files} under {@code prefix} for {@code GET} and {@code HEAD}. */
        public Builder mount(String prefix, StaticFiles files) {
            return prefix("GET", prefix, files).prefix("HEAD", prefix, files);
        }

        /** The router; this builder may go on being used for another. */
        public Router build() {
            return new Router(this);
        }

        private static String checkPath(String path) {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("path must start with /: " + path);
            }
            return path;
        }

        private static String checkMethod(String method) {
            Objects.requireNonNull(method, "method");
            if (method.isEmpty() || !method.chars().allMatch(c -> c < 0x7f && HttpSyntax.isTokenChar((byte) c))) {
                throw new IllegalArgumentException("method is not a token: " + method);
            }
            return method;
        }
    }
}
