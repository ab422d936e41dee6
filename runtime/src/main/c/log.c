/* JSON error lines for Java (ShimLauncher turns them into a ShimException). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "shim.h"

static int log_fd = -1;
static int extra_fd = -1;
static const char *log_stage = "stage0";

void dd_log_init(int fd, const char *stage)
{
	log_fd = fd;
	log_stage = stage;
}

void dd_log_also(int fd)
{
	extra_fd = fd;
}

void dd_log_stage(const char *stage)
{
	log_stage = stage;
}

int dd_log_fd(void)
{
	return log_fd;
}

/* Appends s to buf as the inside of a JSON string; returns the new length. */
static size_t json_escape(char *buf, size_t len, size_t cap, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	for (; s && *s && len + 7 < cap; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			buf[len++] = '\\';
			buf[len++] = (char)c;
		} else if (c < 0x20) {
			buf[len++] = '\\';
			buf[len++] = 'u';
			buf[len++] = '0';
			buf[len++] = '0';
			buf[len++] = hex[c >> 4];
			buf[len++] = hex[c & 0xf];
		} else {
			buf[len++] = (char)c;
		}
	}
	return len;
}

static void vlog(const char *op, const char *path, int err, const char *fmt, va_list ap)
{
	char msg[1024], line[4096];
	size_t len = 0, cap = sizeof(line);
	int n = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (n < 0)
		msg[0] = '\0';
	if (err != 0) {
		size_t m = strlen(msg);
		snprintf(msg + m, sizeof(msg) - m, "%s%s", m ? ": " : "", strerror(err));
	}
	len += (size_t)snprintf(line, cap, "{\"level\":\"error\",\"stage\":\"%s\",\"op\":\"", log_stage);
	len = json_escape(line, len, cap - 64, op);
	len += (size_t)snprintf(line + len, cap - len, "\",\"path\":\"");
	len = json_escape(line, len, cap - 64, path);
	len += (size_t)snprintf(line + len, cap - len, "\",\"errno\":%d,\"msg\":\"", err);
	len = json_escape(line, len, cap - 8, msg);
	len += (size_t)snprintf(line + len, cap - len, "\"}\n");
	if (log_fd >= 0) {
		/* One write per line: the pipe keeps lines of <= PIPE_BUF whole (pipe(7)). */
		ssize_t w = write(log_fd, line, len);
		(void)w;
		if (extra_fd >= 0) {
			w = write(extra_fd, line, len);
			(void)w;
		}
	} else {
		fputs(line, stderr);
	}
}

void dd_log_error(const char *op, const char *path, int err, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;
	va_start(ap, fmt);
	vlog(op, path, err, fmt, ap);
	va_end(ap);
	errno = saved;
}

void dd_die(const char *op, const char *path, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(op, path, err, fmt, ap);
	va_end(ap);
	_exit(1);
}
