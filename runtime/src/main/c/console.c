/* The container's terminal: a pty from the container's devpts whose master goes to the
 * caller's console socket (SCM_RIGHTS), as the OCI runtime's --console-socket does. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "shim.h"

int dd_console_connect(const char *path)
{
	/* Connected before pivot_root: the socket is a host path. */
	if (!path)
		dd_die("console", "", EINVAL, "terminal requested without a console socket");
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(addr.sun_path))
		dd_die("connect", path, ENAMETOOLONG, "console socket path too long");
	strcpy(addr.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		dd_die("socket", path, errno, "creating the console socket");
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		dd_die("connect", path, errno, "connecting to the console socket");
	return fd;
}

void dd_console_setup(int socket_fd)
{
	/* /dev/ptmx of the container's own devpts, so the pty belongs to the container. */
	int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0)
		dd_die("open", "/dev/ptmx", errno, "opening the pty master");
	if (unlockpt(master) < 0)
		dd_die("unlockpt", "/dev/ptmx", errno, "unlocking the pty");
	char name[64];
	if (ptsname_r(master, name, sizeof(name)) != 0)
		dd_die("ptsname", "/dev/ptmx", errno, "naming the pty slave");
	int slave = open(name, O_RDWR | O_NOCTTY);
	if (slave < 0)
		dd_die("open", name, errno, "opening the pty slave");

	char data[1] = { 'm' };
	struct iovec iov = { .iov_base = data, .iov_len = 1 };
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} control;
	memset(&control, 0, sizeof(control));
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
			      .msg_controllen = sizeof(control.buf) };
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &master, sizeof(int));
	if (sendmsg(socket_fd, &msg, MSG_NOSIGNAL) < 0)
		dd_die("sendmsg", "console socket", errno, "sending the pty master");
	close(master);
	close(socket_fd);

	/* A new session, so the slave can become the controlling terminal (TIOCSCTTY, ioctl_tty(2)). */
	if (setsid() < 0)
		dd_die("setsid", "", errno, "starting a session for the terminal");
	if (ioctl(slave, TIOCSCTTY, 0) < 0)
		dd_die("ioctl", name, errno, "making the pty the controlling terminal");
	for (int fd = 0; fd < 3; fd++)
		if (dup2(slave, fd) < 0)
			dd_die("dup2", name, errno, "making the pty stdio");
	if (slave > 2)
		close(slave);
}
