package io.drydock.runtime.sys.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import io.drydock.runtime.sys.FdPair;
import io.drydock.runtime.sys.SyscallException;
import io.drydock.runtime.sys.Syscalls;
import io.drydock.runtime.sys.WaitStatus;
import java.util.Arrays;
import java.util.List;

/**
 * {@link Syscalls} on Linux through glibc, with JNA. The only class that calls native code; each
 * failure becomes a {@link SyscallException} with errno and strerror(3).
 */
public final class LinuxSyscalls implements Syscalls {

  /** glibc, with errno captured by JNA after every call that declares LastErrorException. */
  interface LibC extends Library {
    int mount(String source, String target, String fstype, NativeLong flags, String data)
        throws LastErrorException;

    int umount2(String target, int flags) throws LastErrorException;

    int mkfifo(String path, int mode) throws LastErrorException;

    int open(String path, int flags, int mode) throws LastErrorException;

    long read(int fd, byte[] buf, long count) throws LastErrorException;

    long write(int fd, byte[] buf, long count) throws LastErrorException;

    long lseek(int fd, long offset, int whence) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int fcntl(int fd, int cmd, int arg) throws LastErrorException;

    int poll(Pointer fds, long nfds, int timeout) throws LastErrorException;

    int pipe2(int[] fds, int flags) throws LastErrorException;

    int socketpair(int domain, int type, int protocol, int[] fds) throws LastErrorException;

    int memfd_create(String name, int flags) throws LastErrorException;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, Pointer addr, int len) throws LastErrorException;

    int listen(int fd, int backlog) throws LastErrorException;

    int accept4(int fd, Pointer addr, Pointer len, int flags) throws LastErrorException;

    long recvmsg(int fd, Pointer msg, int flags) throws LastErrorException;

    long sendmsg(int fd, Pointer msg, int flags) throws LastErrorException;

    int kill(int pid, int signal) throws LastErrorException;

    int waitpid(int pid, int[] status, int options) throws LastErrorException;

    int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws LastErrorException;

    int pidfd_open(int pid, int flags) throws LastErrorException;

    int pidfd_send_signal(int pidfd, int signal, Pointer info, int flags)
        throws LastErrorException;

    int getpid();

    String strerror(int errnum);

    // posix_spawn(3) and friends return an error number instead of setting errno.
    int posix_spawn(int[] pid, String path, Pointer fileActions, Pointer attr, StringArray argv,
        StringArray envp);

    int posix_spawn_file_actions_init(Pointer fileActions);

    int posix_spawn_file_actions_adddup2(Pointer fileActions, int fd, int newfd);

    int posix_spawn_file_actions_addclose(Pointer fileActions, int fd);

    /** glibc 2.34+: close every fd from {@code from} up. */
    int posix_spawn_file_actions_addclosefrom_np(Pointer fileActions, int from);

    int posix_spawn_file_actions_destroy(Pointer fileActions);

    int posix_spawnattr_init(Pointer attr);

    int posix_spawnattr_setflags(Pointer attr, short flags);

    int posix_spawnattr_setsigmask(Pointer attr, Pointer sigmask);

    int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigdefault);

    int posix_spawnattr_destroy(Pointer attr);

    int sigemptyset(Pointer set);

    int sigfillset(Pointer set);
  }

  private static final int PR_SET_CHILD_SUBREAPER = 36;
  private static final int SUN_PATH_BYTES = 108;
  private static final int SOL_SOCKET = 1;
  private static final int SCM_RIGHTS = 1;
  private static final int MSG_CMSG_CLOEXEC = 0x40000000;
  private static final int MSG_NOSIGNAL = 0x4000;
  private static final int MSG_TRUNC = 0x20;
  private static final int MSG_CTRUNC = 0x8;
  /** The most fds one SCM_RIGHTS message may carry (linux/scm.h). */
  private static final int SCM_MAX_FD = 253;
  private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
  private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
  /** Larger than glibc's posix_spawn_file_actions_t (80 bytes) and posix_spawnattr_t (336). */
  private static final int SPAWN_STRUCT_BYTES = 1024;
  /** sigset_t is 128 bytes in glibc. */
  private static final int SIGSET_BYTES = 128;

  private final LibC libc;

  /** Loads glibc. */
  public LinuxSyscalls() {
    JnaSetup.configure();
    this.libc = Native.load("c", LibC.class);
  }

  private SyscallException fail(String op, Object object, LastErrorException e) {
    int errno = e.getErrorCode();
    return new SyscallException(op, String.valueOf(object), errno, libc.strerror(errno));
  }

  private SyscallException fail(String op, Object object, int errno) {
    return new SyscallException(op, String.valueOf(object), errno, libc.strerror(errno));
  }

  @Override
  public void mount(String source, String target, String fstype, long flags, String data) {
    try {
      libc.mount(source, target, fstype, new NativeLong(flags), data);
    } catch (LastErrorException e) {
      throw fail("mount", target + " (source " + source + ", type " + fstype + ")", e);
    }
  }

  @Override
  public void umount2(String target, int flags) {
    try {
      libc.umount2(target, flags);
    } catch (LastErrorException e) {
      throw fail("umount2", target, e);
    }
  }

  @Override
  public void mkfifo(String path, int mode) {
    try {
      libc.mkfifo(path, mode);
    } catch (LastErrorException e) {
      throw fail("mkfifo", path, e);
    }
  }

  @Override
  public int open(String path, int flags, int mode) {
    try {
      return libc.open(path, flags, mode);
    } catch (LastErrorException e) {
      throw fail("open", path, e);
    }
  }

  @Override
  public int read(int fd, byte[] buf, int len) {
    if (len > buf.length) {
      throw new IllegalArgumentException("read: len " + len + " exceeds buffer " + buf.length);
    }
    while (true) {
      try {
        return (int) libc.read(fd, buf, len);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != 4) { // EINTR: a signal arrived, read(2) did nothing
          throw fail("read", "fd " + fd, e);
        }
      }
    }
  }

  @Override
  public int write(int fd, byte[] buf, int off, int len) {
    byte[] slice = off == 0 ? buf : Arrays.copyOfRange(buf, off, off + len);
    while (true) {
      try {
        return (int) libc.write(fd, slice, len);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != 4) {
          throw fail("write", "fd " + fd, e);
        }
      }
    }
  }

  @Override
  public long lseek(int fd, long offset, int whence) {
    try {
      return libc.lseek(fd, offset, whence);
    } catch (LastErrorException e) {
      throw fail("lseek", "fd " + fd, e);
    }
  }

  @Override
  public void close(int fd) {
    try {
      libc.close(fd);
    } catch (LastErrorException e) {
      throw fail("close", "fd " + fd, e);
    }
  }

  @Override
  public int fcntl(int fd, int cmd, int arg) {
    try {
      return libc.fcntl(fd, cmd, arg);
    } catch (LastErrorException e) {
      throw fail("fcntl", "fd " + fd + " cmd " + cmd, e);
    }
  }

  @Override
  public int poll(int fd, short events, int timeoutMillis) {
    // struct pollfd { int fd; short events; short revents; } (poll(2))
    try (Memory pfd = new Memory(8)) {
      pfd.setInt(0, fd);
      pfd.setShort(4, events);
      pfd.setShort(6, (short) 0);
      while (true) {
        try {
          int n = libc.poll(pfd, 1, timeoutMillis);
          return n == 0 ? 0 : pfd.getShort(6) & 0xffff;
        } catch (LastErrorException e) {
          if (e.getErrorCode() != 4) {
            throw fail("poll", "fd " + fd, e);
          }
        }
      }
    }
  }

  @Override
  public FdPair pipe2(int flags) {
    int[] fds = new int[2];
    try {
      libc.pipe2(fds, flags);
    } catch (LastErrorException e) {
      throw fail("pipe2", "flags " + flags, e);
    }
    return new FdPair(fds[0], fds[1]);
  }

  @Override
  public FdPair socketpair(int domain, int type, int protocol) {
    int[] fds = new int[2];
    try {
      libc.socketpair(domain, type, protocol, fds);
    } catch (LastErrorException e) {
      throw fail("socketpair", "domain " + domain + " type " + type, e);
    }
    return new FdPair(fds[0], fds[1]);
  }

  @Override
  public int memfdCreate(String name, int flags) {
    try {
      return libc.memfd_create(name, flags);
    } catch (LastErrorException e) {
      throw fail("memfd_create", name, e);
    }
  }

  @Override
  public int listenUnix(String path, int type, int backlog) {
    byte[] name = path.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (name.length >= SUN_PATH_BYTES) {
      throw new SyscallException("bind", path, 36, "File name too long (sun_path holds 107 bytes)");
    }
    int fd;
    try {
      fd = libc.socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
    } catch (LastErrorException e) {
      throw fail("socket", path, e);
    }
    // struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; } (unix(7))
    try (Memory addr = new Memory(2 + SUN_PATH_BYTES)) {
      addr.clear();
      addr.setShort(0, (short) AF_UNIX);
      addr.write(2, name, 0, name.length);
      try {
        libc.bind(fd, addr, 2 + SUN_PATH_BYTES);
        libc.listen(fd, backlog);
      } catch (LastErrorException e) {
        close(fd);
        throw fail("bind/listen", path, e);
      }
    }
    return fd;
  }

  @Override
  public int accept(int listeningFd) {
    while (true) {
      try {
        return libc.accept4(listeningFd, null, null, SOCK_CLOEXEC);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != 4) {
          throw fail("accept4", "fd " + listeningFd, e);
        }
      }
    }
  }

  @Override
  public int receiveFd(int socketFd) {
    // x86_64 layouts: struct msghdr is 56 bytes (name 0, namelen 8, iov 16, iovlen 24,
    // control 32, controllen 40, flags 48); struct iovec 16; a control buffer of
    // CMSG_SPACE(sizeof(int)) = 24 bytes: cmsg_len 0, cmsg_level 8, cmsg_type 12, data 16.
    try (Memory msg = new Memory(56);
        Memory iov = new Memory(16);
        Memory data = new Memory(16);
        Memory control = new Memory(24)) {
      msg.clear();
      control.clear();
      iov.setPointer(0, data);
      iov.setLong(8, data.size());
      msg.setPointer(16, iov);
      msg.setLong(24, 1);
      msg.setPointer(32, control);
      msg.setLong(40, control.size());
      long n;
      try {
        n = libc.recvmsg(socketFd, msg, MSG_CMSG_CLOEXEC);
      } catch (LastErrorException e) {
        throw fail("recvmsg", "fd " + socketFd, e);
      }
      if (n <= 0 || control.getInt(8) != SOL_SOCKET || control.getInt(12) != SCM_RIGHTS
          || control.getLong(0) < 20) {
        throw new SyscallException("recvmsg", "fd " + socketFd, 71,
            "no fd in the message (" + n + " bytes, msg_flags " + msg.getInt(48) + ")");
      }
      return control.getInt(16);
    }
  }

  @Override
  public int sendMessage(int socketFd, byte[] data, int[] fds) {
    if (fds.length > SCM_MAX_FD) {
      throw new SyscallException("sendmsg", "fd " + socketFd, 22, "at most " + SCM_MAX_FD + " fds per message");
    }
    // Layouts as in receiveFd; a control message of CMSG_SPACE(4 * n) bytes: a 16-byte
    // struct cmsghdr, then the fds, padded to 8 bytes (cmsg(3)).
    int controlBytes = fds.length == 0 ? 0 : 16 + ((4 * fds.length + 7) & ~7);
    try (Memory msg = new Memory(56);
        Memory iov = new Memory(16);
        Memory buf = new Memory(Math.max(1, data.length));
        Memory control = new Memory(Math.max(1, controlBytes))) {
      msg.clear();
      control.clear();
      buf.write(0, data, 0, data.length);
      iov.setPointer(0, buf);
      iov.setLong(8, data.length);
      msg.setPointer(16, iov);
      msg.setLong(24, 1);
      if (controlBytes > 0) {
        control.setLong(0, 16 + 4L * fds.length);
        control.setInt(8, SOL_SOCKET);
        control.setInt(12, SCM_RIGHTS);
        control.write(16, fds, 0, fds.length);
        msg.setPointer(32, control);
        msg.setLong(40, controlBytes);
      }
      while (true) {
        try {
          return (int) libc.sendmsg(socketFd, msg, MSG_NOSIGNAL);
        } catch (LastErrorException e) {
          if (e.getErrorCode() != 4) {
            throw fail("sendmsg", "fd " + socketFd, e);
          }
        }
      }
    }
  }

  @Override
  public SocketMessage receiveMessage(int socketFd, int maxBytes, int maxFds) {
    int controlBytes = 16 + ((4 * Math.max(1, maxFds) + 7) & ~7);
    try (Memory msg = new Memory(56);
        Memory iov = new Memory(16);
        Memory buf = new Memory(Math.max(1, maxBytes));
        Memory control = new Memory(controlBytes)) {
      msg.clear();
      control.clear();
      iov.setPointer(0, buf);
      iov.setLong(8, buf.size());
      msg.setPointer(16, iov);
      msg.setLong(24, 1);
      msg.setPointer(32, control);
      msg.setLong(40, controlBytes);
      long n;
      while (true) {
        try {
          n = libc.recvmsg(socketFd, msg, MSG_CMSG_CLOEXEC);
          break;
        } catch (LastErrorException e) {
          if (e.getErrorCode() != 4) {
            throw fail("recvmsg", "fd " + socketFd, e);
          }
        }
      }
      int[] fds = new int[0];
      long cmsgLen = msg.getLong(40) >= 16 ? control.getLong(0) : 0;
      if (cmsgLen > 16 && control.getInt(8) == SOL_SOCKET && control.getInt(12) == SCM_RIGHTS) {
        fds = control.getIntArray(16, (int) ((cmsgLen - 16) / 4));
      }
      int flags = msg.getInt(48);
      if ((flags & (MSG_TRUNC | MSG_CTRUNC)) != 0 || fds.length > maxFds) {
        SyscallException tooLong = new SyscallException("recvmsg", "fd " + socketFd, 90,
            "message longer than " + maxBytes + " bytes or with more than " + maxFds + " fds");
        for (int fd : fds) {
          try {
            libc.close(fd);
          } catch (LastErrorException e) {
            tooLong.addSuppressed(fail("close", "fd " + fd, e));
          }
        }
        throw tooLong;
      }
      if (n == 0 && fds.length == 0) {
        return null;
      }
      return new SocketMessage(buf.getByteArray(0, (int) n), fds);
    }
  }

  @Override
  public int spawn(String path, List<String> argv, List<String> envp, List<FdMapping> fdMappings) {
    try (Memory actions = new Memory(SPAWN_STRUCT_BYTES);
        Memory attr = new Memory(SPAWN_STRUCT_BYTES);
        Memory empty = new Memory(SIGSET_BYTES);
        Memory full = new Memory(SIGSET_BYTES)) {
      check("posix_spawn_file_actions_init", path, libc.posix_spawn_file_actions_init(actions));
      check("posix_spawnattr_init", path, libc.posix_spawnattr_init(attr));
      try {
        java.util.Set<Integer> targets = new java.util.HashSet<>();
        for (FdMapping m : fdMappings) {
          check("posix_spawn_file_actions_adddup2", m.source() + "->" + m.target(),
              libc.posix_spawn_file_actions_adddup2(actions, m.source(), m.target()));
          targets.add(m.target());
        }
        // The JVM does not open all its fds close-on-exec (its own stdio at least): close
        // everything that is not a target, so the child gets exactly the mapped fds.
        int from = targets.stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        for (int fd = 0; fd < from; fd++) {
          if (!targets.contains(fd)) {
            // glibc ignores EBADF for a close action on an fd that is not open
            check("posix_spawn_file_actions_addclose", fd,
                libc.posix_spawn_file_actions_addclose(actions, fd));
          }
        }
        check("posix_spawn_file_actions_addclosefrom_np", from,
            libc.posix_spawn_file_actions_addclosefrom_np(actions, from));
        // The JVM blocks and handles signals its own way; the child starts clean.
        libc.sigemptyset(empty);
        libc.sigfillset(full);
        check("posix_spawnattr_setsigmask", path, libc.posix_spawnattr_setsigmask(attr, empty));
        check("posix_spawnattr_setsigdefault", path,
            libc.posix_spawnattr_setsigdefault(attr, full));
        check("posix_spawnattr_setflags", path, libc.posix_spawnattr_setflags(attr,
            (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)));
        int[] pid = new int[1];
        check("posix_spawn", path, libc.posix_spawn(pid, path, actions, attr,
            new StringArray(argv.toArray(String[]::new)),
            new StringArray(envp.toArray(String[]::new))));
        return pid[0];
      } finally {
        libc.posix_spawn_file_actions_destroy(actions);
        libc.posix_spawnattr_destroy(attr);
      }
    }
  }

  private void check(String op, Object object, int rc) {
    if (rc != 0) {
      throw fail(op, object, rc);
    }
  }

  @Override
  public void kill(int pid, int signal) {
    try {
      libc.kill(pid, signal);
    } catch (LastErrorException e) {
      throw fail("kill", "pid " + pid + " signal " + signal, e);
    }
  }

  @Override
  public WaitStatus waitpid(int pid, int flags) {
    int[] status = new int[1];
    while (true) {
      try {
        int r = libc.waitpid(pid, status, flags);
        return r == 0 ? new WaitStatus.NoChange() : WaitStatus.decode(r, status[0]);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != 4) {
          throw fail("waitpid", "pid " + pid, e);
        }
      }
    }
  }

  @Override
  public void clearChildSubreaper() {
    try {
      libc.prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
    } catch (LastErrorException e) {
      throw fail("prctl", "PR_SET_CHILD_SUBREAPER 0", e);
    }
  }

  @Override
  public void setChildSubreaper() {
    try {
      libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    } catch (LastErrorException e) {
      throw fail("prctl", "PR_SET_CHILD_SUBREAPER", e);
    }
  }

  @Override
  public int pidfdOpen(int pid, int flags) {
    try {
      return libc.pidfd_open(pid, flags);
    } catch (LastErrorException e) {
      throw fail("pidfd_open", "pid " + pid, e);
    }
  }

  @Override
  public void pidfdSendSignal(int pidfd, int signal) {
    try {
      libc.pidfd_send_signal(pidfd, signal, null, 0);
    } catch (LastErrorException e) {
      throw fail("pidfd_send_signal", "pidfd " + pidfd + " signal " + signal, e);
    }
  }

  @Override
  public int getpid() {
    return libc.getpid();
  }
}
