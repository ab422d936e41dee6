package io.drydock.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Method and path to an action, first match wins. Paths are matched after the version prefix
 * ({@code /v1.41}) is taken off; a pattern's groups are the path parameters.
 */
final class Router {
    /** What a route does. */
    interface Action {
        void handle(Exchange exchange) throws Exception;
    }

    /** A matched route and its path parameters. */
    record Match(Action action, List<String> params) {
    }

    private record Route(String method, Pattern path, Action action) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final List<Pattern> unimplemented = new ArrayList<>();

    Router add(String method, String pathRegex, Action action) {
        routes.add(new Route(method, Pattern.compile(pathRegex), action));
        return this;
    }

    /** Paths of the Engine API drydock does not serve: answered 501 rather than 404. */
    Router unimplemented(String pathRegex) {
        unimplemented.add(Pattern.compile(pathRegex));
        return this;
    }

    Optional<Match> match(String method, String path) {
        for (Route r : routes) {
            String m = method.equals("HEAD") && !r.method().equals("HEAD") ? "GET" : method;
            if (!r.method().equals(m)) {
                continue;
            }
            Matcher matcher = r.path().matcher(path);
            if (matcher.matches()) {
                List<String> params = new ArrayList<>();
                for (int i = 1; i <= matcher.groupCount(); i++) {
                    params.add(matcher.group(i));
                }
                return Optional.of(new Match(r.action(), params));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code path} is part of the Engine API that drydock does not implement. */
    boolean isUnimplemented(String path) {
        return unimplemented.stream().anyMatch(p -> p.matcher(path).matches());
    }
}
