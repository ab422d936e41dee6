package io.drydock.platform.workload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The size of a host's last-level cache, which sizes the memory workloads' buffers, and where it was
 * read. The kernel lists cpu0's caches in sysfs ({@value #SYSFS}); a hypervisor that gives the guest
 * no cache-topology leaf (AMD's CPUID 0x8000001D) leaves that list empty or absent while CPUID's
 * older leaves still name an L2 and L3, which glibc reads for {@code getconf LEVEL3_CACHE_SIZE}. So
 * sysfs comes first and getconf's L3, then L2, stand in where sysfs lists nothing.
 *
 * <p>A figure from CPUID can be the whole package's cache, larger than the slice one core reaches;
 * the buffers sized from it are therefore also capped by the instance's memory
 * ({@link StreamKernel#arrayBytesFor}, {@link SysbenchMemory#blockBytesFor}).
 *
 * @param bytes  the cache's size, 1 byte to 1 TiB
 * @param source where it was read, for the fork's log: a sysfs directory or a {@code getconf} variable
 */
public record LastLevelCache(long bytes, String source) {
    /** Where Linux describes cpu0's caches, one {@code index*} directory per cache. */
    public static final String SYSFS = "/sys/devices/system/cpu/cpu0/cache";
    /** The getconf variables asked, in order, when sysfs lists no cache. */
    static final List<String> GETCONF_NAMES = List.of("LEVEL3_CACHE_SIZE", "LEVEL2_CACHE_SIZE");

    private static final Pattern SYSFS_SIZE = Pattern.compile("([0-9]{1,12})([KMG]?)");
    private static final Pattern SYSFS_LEVEL = Pattern.compile("[0-9]{1,2}");
    private static final Pattern GETCONF_SIZE = Pattern.compile("[0-9]{1,13}");
    private static final long MAX_BYTES = 1L << 40;

    /** Asks {@code getconf} for one variable and returns what it printed. */
    @FunctionalInterface
    public interface Getconf {
        String value(String name) throws IOException;
    }

    public LastLevelCache {
        if (bytes <= 0 || bytes > MAX_BYTES) {
            throw new IllegalArgumentException("last-level cache size must be between 1 byte and 1 TiB, got " + bytes);
        }
        Objects.requireNonNull(source, "source");
    }

    /** This host's: {@value #SYSFS}, else {@code getconf}. */
    public static LastLevelCache ofThisHost() throws IOException {
        return read(Path.of(SYSFS), LastLevelCache::getconf);
    }

    /**
     * The highest-level cache listed under {@code sysfsDir} (the largest if several share that level);
     * where the directory is absent or lists none, the first of {@link #GETCONF_NAMES} that
     * {@code getconf} gives a size for.
     *
     * @throws IOException if a sysfs file or getconf's answer cannot be parsed (the message names the
     *                     file or variable), or no source gives a size
     */
    public static LastLevelCache read(Path sysfsDir, Getconf getconf) throws IOException {
        long fromSysfs = sysfsBytes(sysfsDir);
        if (fromSysfs > 0) {
            return new LastLevelCache(fromSysfs, sysfsDir.toString());
        }
        for (String name : GETCONF_NAMES) {
            String text = getconf.value(name).strip();
            if (text.isEmpty() || text.equals("0") || text.equals("undefined")) {
                continue;
            }
            if (!GETCONF_SIZE.matcher(text).matches() || Long.parseLong(text) > MAX_BYTES) {
                throw new IOException("getconf " + name + ": expected a cache size in bytes, got '" + text + "'");
            }
            return new LastLevelCache(Long.parseLong(text), "getconf " + name);
        }
        throw new IOException("the last-level cache size is unknown: " + sysfsDir + " lists no index* caches and getconf gives no "
            + String.join(" or ", GETCONF_NAMES));
    }

    /** The last-level cache's bytes as sysfs lists them under {@code dir}; 0 where it lists none. */
    private static long sysfsBytes(Path dir) throws IOException {
        int bestLevel = 0;
        long bestSize = 0;
        try (DirectoryStream<Path> indexes = Files.newDirectoryStream(dir, "index*")) {
            for (Path index : indexes) {
                int level = Integer.parseInt(sysfsText(index.resolve("level"), SYSFS_LEVEL, "a cache level such as 3").group());
                long size = sysfsSize(index.resolve("size"));
                if (level > bestLevel || (level == bestLevel && size > bestSize)) {
                    bestLevel = level;
                    bestSize = size;
                }
            }
        } catch (NoSuchFileException e) {
            if (!Files.exists(dir)) {
                return 0;
            }
            throw e;
        }
        return bestSize;
    }

    private static long sysfsSize(Path file) throws IOException {
        Matcher m = sysfsText(file, SYSFS_SIZE, "a cache size such as 32768K");
        int shift = switch (m.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> 0;
        };
        long size = Long.parseLong(m.group(1)) << shift;
        if (size <= 0 || size > MAX_BYTES) {
            throw new IOException(file + ": a cache size must be between 1 byte and 1 TiB, got '" + m.group() + "'");
        }
        return size;
    }

    private static Matcher sysfsText(Path file, Pattern pattern, String expected) throws IOException {
        String text = Files.readString(file).strip();
        Matcher m = pattern.matcher(text.toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IOException(file + ": expected " + expected + ", got '" + text + "'");
        }
        return m;
    }

    /** Runs {@code getconf name}; a variable this libc does not know prints nothing here. */
    private static String getconf(String name) throws IOException {
        Process p = new ProcessBuilder("getconf", name).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                throw new IOException("getconf " + name + " did not end within 10 s");
            }
            return p.exitValue() == 0 ? out : "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for getconf " + name, e);
        } finally {
            p.destroyForcibly();
        }
    }
}
