package io.drydock.runtime.planner;

import io.drydock.runtime.sys.SyscallException;
import io.drydock.runtime.sys.Syscalls;
import java.io.IOException;
import java.io.OutputStream;

/** Writes to an fd this process holds (a caller's stdout or stderr passed by a front end). */
final class FdOutputStream extends OutputStream {
  private final Syscalls sys;
  private final int fd;

  FdOutputStream(Syscalls sys, int fd) {
    this.sys = sys;
    this.fd = fd;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    try {
      while (len > 0) {
        int n = sys.write(fd, b, off, len);
        off += n;
        len -= n;
      }
    } catch (SyscallException e) {
      throw new IOException("writing to the caller's fd: " + e.getMessage(), e);
    }
  }
}
