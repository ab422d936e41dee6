package io.drydock.daemon;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The tar context of {@code POST /build} (plain or gzip), unpacked into a private directory.
 * Regular files, directories and symbolic links only; an entry whose name leaves the directory
 * ({@code ..}, an absolute path, or a path through a symbolic link) is refused.
 */
final class BuildContext implements AutoCloseable {
    private final Path dir;

    private BuildContext(Path dir) {
        this.dir = dir;
    }

    /** Unpacks {@code tar} into a new directory under {@code scratch}. */
    static BuildContext unpack(InputStream tar, Path scratch) throws IOException, ApiException {
        Files.createDirectories(scratch);
        Path dir = Files.createTempDirectory(scratch, "build-");
        BuildContext ctx = new BuildContext(dir);
        try {
            InputStream in = new BufferedInputStream(tar);
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            try (TarArchiveInputStream entries = new TarArchiveInputStream(gzip ? new GZIPInputStream(in) : in)) {
                for (TarArchiveEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
                    ctx.extract(e, entries);
                }
            }
            return ctx;
        } catch (IOException | ApiException | RuntimeException e) {
            ctx.close();
            throw e;
        }
    }

    private void extract(TarArchiveEntry e, InputStream data) throws IOException, ApiException {
        String name = e.getName();
        Path target = dir.resolve(name).normalize();
        if (name.startsWith("/") || !target.startsWith(dir)) {
            throw ApiException.badRequest("build context: entry '" + name + "' leaves the context");
        }
        if (target.equals(dir)) {
            return;
        }
        for (Path p = target.getParent(); !p.equals(dir); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw ApiException.badRequest("build context: entry '" + name + "' is beneath a symbolic link");
            }
        }
        Files.createDirectories(target.getParent());
        if (e.isDirectory()) {
            Files.createDirectories(target);
        } else if (e.isSymbolicLink()) {
            Files.createSymbolicLink(target, Path.of(e.getLinkName()));
        } else if (e.isFile()) {
            Files.deleteIfExists(target);
            Files.copy(data, target);
            if ((e.getMode() & 0111) != 0) {
                target.toFile().setExecutable(true, false);
            }
        }
        // devices, fifos and hard links have no place in a build context: skipped
    }

    /** The unpacked context. */
    Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
