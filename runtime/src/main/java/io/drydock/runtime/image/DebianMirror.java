package io.drydock.runtime.image;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Debian mirror {@code debootstrap} downloads from: {@value #ENV} when set, else the host's own
 * apt mirror for the suite, else {@value #FALLBACK}. The host's sources are read as apt reads them
 * (sources.list(5)): {@code /etc/apt/sources.list} in the one-line format, then
 * {@code /etc/apt/sources.list.d/*.list} (one-line) and {@code *.sources} (deb822) in name order.
 * A {@code deb} source whose suite is exactly the one asked for wins (so {@code bookworm-security}
 * or a third-party repository is never taken for the archive); failing that, the first {@code deb}
 * source whose URI ends in {@code /debian}.
 *
 * @param uri the mirror's base URI, without a trailing slash (http, https or file)
 */
public record DebianMirror(String uri) {

    /** The environment variable that overrides the mirror. */
    public static final String ENV = "DRYDOCK_DEBIAN_MIRROR";
    /** The mirror used when neither the environment nor the host's apt sources name one. */
    public static final String FALLBACK = "http://deb.debian.org/debian";

    /** Validates: an absolute http, https or file URI. */
    public DebianMirror {
        Objects.requireNonNull(uri, "uri");
        uri = uri.strip();
        while (uri.endsWith("/") && uri.length() > 1) {
            uri = uri.substring(0, uri.length() - 1);
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("debian mirror '" + uri + "' is not a URI: " + e.getMessage(), e);
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of("http", "https", "file").contains(scheme)) {
            throw new IllegalArgumentException("debian mirror '" + uri + "' is not an http, https or file URI");
        }
        if (!scheme.equals("file") && (parsed.getHost() == null || parsed.getHost().isEmpty())) {
            throw new IllegalArgumentException("debian mirror '" + uri + "' has no host");
        }
    }

    /** One {@code deb} line or deb822 stanza: where and which suites. */
    record Source(String uri, List<String> suites) {
        Source {
            Objects.requireNonNull(uri, "uri");
            suites = List.copyOf(suites);
        }
    }

    /** The mirror on this host for {@code suite}: {@value #ENV}, then {@code /etc/apt}, then the fallback. */
    public static DebianMirror forHost(String suite) throws IOException {
        return resolve(System.getenv(), Path.of("/etc/apt"), suite);
    }

    /**
     * The mirror for {@code suite} given an environment and an apt configuration directory.
     *
     * @throws IllegalArgumentException when {@value #ENV} is set to something that is not a mirror URI
     */
    static DebianMirror resolve(Map<String, String> env, Path aptDir, String suite) throws IOException {
        String override = env.get(ENV);
        if (override != null && !override.isBlank()) {
            try {
                return new DebianMirror(override);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ENV + ": " + e.getMessage(), e);
            }
        }
        return choose(hostSources(aptDir), suite).orElse(new DebianMirror(FALLBACK));
    }

    /** The {@code deb} sources under {@code aptDir} in the order apt reads them. */
    static List<Source> hostSources(Path aptDir) throws IOException {
        List<Source> sources = new ArrayList<>();
        Path list = aptDir.resolve("sources.list");
        if (Files.isRegularFile(list)) {
            sources.addAll(parseOneLine(Files.readString(list, StandardCharsets.UTF_8)));
        }
        Path parts = aptDir.resolve("sources.list.d");
        if (Files.isDirectory(parts)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(parts)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".list")) {
                    sources.addAll(parseOneLine(Files.readString(file, StandardCharsets.UTF_8)));
                } else if (name.endsWith(".sources")) {
                    sources.addAll(parseDeb822(Files.readString(file, StandardCharsets.UTF_8)));
                }
            }
        }
        return sources;
    }

    /** The source for {@code suite}: an exact suite match, else a URI ending in {@code /debian}. */
    static Optional<DebianMirror> choose(List<Source> sources, String suite) {
        List<Source> usable = sources.stream().filter(s -> isMirrorUri(s.uri())).toList();
        return usable.stream().filter(s -> s.suites().contains(suite)).findFirst()
                .or(() -> usable.stream().filter(s -> s.uri().replaceAll("/+$", "").endsWith("/debian")).findFirst())
                .map(s -> new DebianMirror(s.uri()));
    }

    private static boolean isMirrorUri(String uri) {
        try {
            new DebianMirror(uri);
            return true;
        } catch (IllegalArgumentException e) {
            return false; // cdrom:, mirror+file:, tor+http: and the like: not for debootstrap
        }
    }

    /** {@code deb [options] uri suite [component...]} lines; {@code deb-src} and comments skipped. */
    static List<Source> parseOneLine(String text) {
        List<Source> sources = new ArrayList<>();
        for (String raw : text.split("\n")) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            List<String> words = new ArrayList<>(Arrays.asList(line.split("\\s+")));
            if (!words.getFirst().equals("deb")) {
                continue;
            }
            words.removeFirst();
            if (!words.isEmpty() && words.getFirst().startsWith("[")) {
                // options may hold spaces: [arch=amd64 signed-by=/usr/share/keyrings/x.gpg]
                while (!words.isEmpty() && !words.removeFirst().endsWith("]")) {
                    // drop option words up to the closing bracket
                }
            }
            if (words.size() >= 2) {
                sources.add(new Source(words.get(0), List.of(words.get(1))));
            }
        }
        return sources;
    }

    /** deb822 stanzas ({@code Types:}, {@code URIs:}, {@code Suites:}, {@code Enabled:}) of type {@code deb}. */
    static List<Source> parseDeb822(String text) {
        List<Source> sources = new ArrayList<>();
        for (String stanza : text.split("\n\\s*\n")) {
            Map<String, String> fields = deb822Fields(stanza);
            List<String> types = words(fields.get("types"));
            if (!types.contains("deb") || "no".equalsIgnoreCase(fields.getOrDefault("enabled", "yes").strip())) {
                continue;
            }
            List<String> suites = words(fields.get("suites"));
            for (String uri : words(fields.get("uris"))) {
                sources.add(new Source(uri, suites));
            }
        }
        return sources;
    }

    private static Map<String, String> deb822Fields(String stanza) {
        Map<String, String> fields = new HashMap<>();
        String current = null;
        for (String line : stanza.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && current != null) {
                fields.merge(current, " " + line.strip(), String::concat); // a continuation line
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            current = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            fields.put(current, line.substring(colon + 1).strip());
        }
        return fields;
    }

    private static List<String> words(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return List.of(value.strip().split("\\s+"));
    }

    @Override
    public String toString() {
        return uri;
    }
}
