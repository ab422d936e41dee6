package io.drydock.runtime.sys.linux;

import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * JNA's start-up, made cheap for a short-lived process: set before JNA is first used, each
 * property only when the user has not set it.
 *
 * <ul>
 *   <li>{@code jna.platform.library.path}: unset, JNA's {@code NativeLibrary} runs
 *       {@code /sbin/ldconfig -p} as a child process to learn the library directories. The same
 *       directories come from {@code /etc/ld.so.conf} (what ldconfig builds its cache from) and the
 *       default ones, read here without a process. glibc itself ({@code "c"}) is never searched
 *       for: JNA maps it to the running process.
 *   <li>{@code jna.boot.library.path}: unset, JNA unpacks {@code libjnidispatch.so} from its jar
 *       into a temporary file on every start (and names the file with a SecureRandom). The
 *       distribution ships it unpacked in {@code lib/jna/<platform>/}; when that file is missing,
 *       JNA unpacks as before.
 * </ul>
 */
final class JnaSetup {
    private JnaSetup() {}

    static final String PLATFORM_PATH = "jna.platform.library.path";
    static final String BOOT_PATH = "jna.boot.library.path";
    /** Set by bin/drydock: the distribution's directory. */
    static final String HOME = "drydock.home";

    /** The directories the dynamic linker searches without ld.so.conf (ld.so(8)). */
    private static final List<String> DEFAULT_DIRS = List.of("/lib64", "/usr/lib64", "/lib", "/usr/lib");

    private static boolean done;

    /** Sets the properties JNA has not been given; idempotent. */
    static synchronized void configure() {
        if (done) {
            return;
        }
        done = true;
        if (System.getProperty(PLATFORM_PATH) == null) {
            System.setProperty(PLATFORM_PATH, String.join(":", libraryDirs(Path.of("/etc/ld.so.conf"))));
        }
        String home = System.getProperty(HOME);
        if (System.getProperty(BOOT_PATH) == null && home != null) {
            Path dir = Path.of(home, "lib", "jna", Platform.RESOURCE_PREFIX);
            if (Files.isRegularFile(dir.resolve(System.mapLibraryName("jnidispatch")))) {
                System.setProperty(BOOT_PATH, dir.toString());
            }
        }
    }

    /**
     * The existing directories that {@code conf} (in ld.so.conf(5) syntax, {@code include} globs
     * followed) names, then the default ones, each once.
     */
    static List<String> libraryDirs(Path conf) {
        Set<String> dirs = new LinkedHashSet<>();
        readConf(conf, dirs, 0);
        dirs.addAll(DEFAULT_DIRS);
        List<String> existing = new ArrayList<>();
        for (String d : dirs) {
            if (Files.isDirectory(Path.of(d))) {
                existing.add(d);
            }
        }
        return existing;
    }

    private static void readConf(Path conf, Set<String> dirs, int depth) {
        List<String> lines;
        try {
            lines = Files.readAllLines(conf);
        } catch (IOException e) {
            return; // no ld.so.conf (musl, minimal images): the default directories remain
        }
        for (String raw : lines) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (line.isEmpty() || line.startsWith("hwcap ")) {
                continue;
            }
            if (line.startsWith("include ") && depth < 4) {
                for (Path included : glob(conf.getParent(), line.substring("include ".length()).strip())) {
                    readConf(included, dirs, depth + 1);
                }
            } else if (line.startsWith("/")) {
                dirs.add(line);
            }
        }
    }

    /** The files a pattern names: a glob in its last part only, as every distribution writes it; sorted. */
    private static List<Path> glob(Path base, String pattern) {
        Path p = base == null ? Path.of(pattern) : base.resolve(pattern);
        Path dir = p.getParent();
        String name = p.getFileName().toString();
        List<Path> out = new ArrayList<>();
        if (dir == null) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, name)) {
            ds.forEach(out::add);
        } catch (IOException e) {
            return out;
        }
        out.sort(null);
        return out;
    }
}
