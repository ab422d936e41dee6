package io.drydock.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Bytes a file system has allocated to files and directories: {@code st_blocks × 512}, what
 * {@code du} counts, so a 13-byte file costs a whole block and a directory its blocks too. Java
 * has no {@code st_blocks}, so find(1) reports it ({@code -printf %b}: 512-byte blocks). A tree is
 * counted on the file system of its top only (a mount point inside hides what lies under it, and
 * what is mounted there belongs to another file system), and a file with several hard links in it
 * once.
 */
final class AllocatedBytes {
    private AllocatedBytes() {
    }

    /** {@code path} and everything below it; 0 when it does not exist. */
    static long tree(Path path) throws IOException {
        return sum(find(path, false), true);
    }

    /** Everything below directory {@code dir}, not counting {@code dir} itself; 0 when it does not exist. */
    static long contents(Path dir) throws IOException {
        return sum(find(dir, false), false);
    }

    /** {@code path} alone (a directory's own blocks, not its entries'); 0 when it does not exist. */
    static long entry(Path path) throws IOException {
        return sum(find(path, true), true);
    }

    /**
     * Sums find(1) output of lines {@code "<st_dev> <st_ino> <st_blocks>"}, the top first (as find
     * prints it): entries on another device than the top's are left out, each inode counted once.
     *
     * @param includeTop whether the first line (the top itself) counts
     * @throws IllegalArgumentException naming the line when one is not three numbers
     */
    static long sum(String findOutput, boolean includeTop) {
        long bytes = 0;
        String device = null;
        Set<String> seen = new HashSet<>();
        for (String line : findOutput.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.strip().split(" ");
            if (f.length != 3) {
                throw new IllegalArgumentException("find output line '" + line + "' is not \"dev ino blocks\"");
            }
            long blocks;
            try {
                Long.parseLong(f[0]);
                Long.parseLong(f[1]);
                blocks = Long.parseLong(f[2]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("find output line '" + line + "' is not \"dev ino blocks\"", e);
            }
            boolean top = device == null;
            if (top) {
                device = f[0];
            }
            if (!f[0].equals(device) || !seen.add(f[0] + ":" + f[1]) || top && !includeTop) {
                continue;
            }
            bytes += blocks * 512;
        }
        return bytes;
    }

    private static String find(Path path, boolean topOnly) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return "";
        }
        // -xdev still prints a mount point (with the mounted root's numbers); sum() drops it by device.
        List<String> command = topOnly
                ? List.of("find", path.toString(), "-maxdepth", "0", "-printf", "%D %i %b\\n")
                : List.of("find", path.toString(), "-xdev", "-printf", "%D %i %b\\n");
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException("counting allocated bytes under " + path + ": find failed: " + err.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while counting allocated bytes under " + path, e);
        }
        return out;
    }
}
