package io.drydock.runtime.process;

import io.drydock.runtime.sys.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The packaged init shim, copied into a sealed memfd and executed as /proc/self/fd/N. A process
 * in a container can reach the shim's executable through /proc/PID/exe; were it the host file,
 * it could overwrite it and run code as root on the next start (runc CVE-2019-5736). A memfd
 * sealed against writes, growing and shrinking, with the seals themselves sealed, cannot be
 * changed by anyone (memfd_create(2), fcntl(2) "File Sealing").
 */
public final class ShimBinary implements AutoCloseable {

  /** The classpath resource, next to this class. */
  static final String RESOURCE = "drydock-init";

  static final int SEALS =
      Syscalls.F_SEAL_SEAL | Syscalls.F_SEAL_SHRINK | Syscalls.F_SEAL_GROW | Syscalls.F_SEAL_WRITE;

  private static final Map<Syscalls, ShimBinary> SHARED =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final Syscalls syscalls;
  private final int fd;

  private ShimBinary(Syscalls syscalls, int fd) {
    this.syscalls = syscalls;
    this.fd = fd;
  }

  /**
   * The shim for {@code syscalls}, loaded once and kept for the life of the JVM.
   *
   * @throws IllegalStateException when the build did not package the shim
   */
  public static ShimBinary shared(Syscalls syscalls) {
    synchronized (SHARED) {
      return SHARED.computeIfAbsent(syscalls, ShimBinary::load);
    }
  }

  /** Loads a new sealed copy of the packaged shim; the caller closes it. */
  public static ShimBinary load(Syscalls syscalls) {
    byte[] image;
    try (InputStream in = ShimBinary.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the init shim " + RESOURCE + " is not on the classpath"
            + " next to " + ShimBinary.class.getName() + "; build the runtime module with Maven");
      }
      image = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading the init shim resource " + RESOURCE, e);
    }
    int fd = syscalls.memfdCreate(RESOURCE, Syscalls.MFD_CLOEXEC | Syscalls.MFD_ALLOW_SEALING);
    try {
      int off = 0;
      while (off < image.length) {
        off += syscalls.write(fd, image, off, image.length - off);
      }
      syscalls.fcntl(fd, Syscalls.F_ADD_SEALS, SEALS);
      return new ShimBinary(syscalls, fd);
    } catch (RuntimeException e) {
      try {
        syscalls.close(fd);
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** @return the memfd holding the shim */
  public int fd() {
    return fd;
  }

  /** @return the path execve(2) takes to run the shim from this process */
  public String execPath() {
    return "/proc/self/fd/" + fd;
  }

  @Override
  public void close() {
    syscalls.close(fd);
  }
}
