/* record/socket: the TCP transport (blocking sockets with a timeout). TLS
 * runs over a reliable byte stream (RFC 5246 section 1); record boundaries
 * mean nothing to TCP, which is why the record layer buffers and reframes. */
#include "record/transport.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

/* SO_RCVTIMEO / SO_SNDTIMEO make a blocked recv or send give up after the
 * timeout instead of hanging forever on a silent peer. 0 means no timeout. */
int gt_tcp_set_timeout(int fd, int timeout_seconds)
{
    struct timeval tv = {.tv_sec = timeout_seconds > 0 ? timeout_seconds : 0, .tv_usec = 0};
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0)
        return -1;
    return setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

/* A handshake flight is several small records, each sent on its own; with
 * Nagle's algorithm the kernel holds the later ones back until the peer's
 * delayed ACK (tens of milliseconds), which would dominate a loopback
 * handshake. Best effort: a failure only costs speed. */
static void send_without_delay(int fd)
{
    int one = 1;
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

/* Waits up to timeout_seconds (forever if <= 0) for fd to become ready.
 * Returns 1 when ready, 0 on timeout, -1 on error (errno set). */
static int wait_ready(int fd, short events, int timeout_seconds)
{
    struct pollfd pfd = {.fd = fd, .events = events};
    int ms = timeout_seconds > 0 ? timeout_seconds * 1000 : -1;
    for (;;) {
        int n = poll(&pfd, 1, ms);
        if (n >= 0)
            return n > 0;
        if (errno != EINTR)
            return -1;
    }
}

/* connect() with a time limit: start it non-blocking, wait until the socket
 * is writable, then ask the socket whether the connection succeeded.
 * Returns 0, or an errno value. */
static int connect_with_timeout(int fd, const struct sockaddr *addr, socklen_t len,
                                int timeout_seconds)
{
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
        return errno;
    int err = 0;
    if (connect(fd, addr, len) != 0) {
        err = errno;
        if (err == EINPROGRESS) {
            int ready = wait_ready(fd, POLLOUT, timeout_seconds);
            socklen_t err_len = sizeof err;
            if (ready < 0)
                err = errno;
            else if (ready == 0)
                err = ETIMEDOUT;
            else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &err_len) != 0)
                err = errno;
        }
    }
    if (err == 0 && fcntl(fd, F_SETFL, flags) < 0)
        err = errno;
    return err;
}

int gt_tcp_connect(const char *host, const char *port, int timeout_seconds, gt_error *e)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    struct addrinfo *addrs;
    int rc = getaddrinfo(host, port, &hints, &addrs);
    if (rc != 0) {
        gt_fail(e, GT_ERR_IO, "could not resolve %s:%s: %s", host, port, gai_strerror(rc));
        return -1;
    }
    /* A name may resolve to several addresses (IPv6 and IPv4): try each. */
    int fd = -1, err = 0;
    for (struct addrinfo *a = addrs; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd < 0) {
            err = errno;
            continue;
        }
        err = connect_with_timeout(fd, a->ai_addr, a->ai_addrlen, timeout_seconds);
        if (err == 0 && gt_tcp_set_timeout(fd, timeout_seconds) != 0)
            err = errno;
        if (err == 0)
            send_without_delay(fd);
        if (err != 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(addrs);
    if (fd < 0)
        gt_fail(e, GT_ERR_IO, "could not connect to %s:%s: %s", host, port, strerror(err));
    return fd;
}

/* The port a socket is bound to, from getsockname (IPv4 or IPv6). */
static int bound_port_of(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
        return -1;
    if (ss.ss_family == AF_INET)
        return ntohs(((struct sockaddr_in *)&ss)->sin_port);
    if (ss.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    return -1;
}

/* socket + SO_REUSEADDR + bind + listen on one address; returns fd or -1. */
static int listen_on(const struct addrinfo *a)
{
    int fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0)
        return -1;
    /* Lets a restarted server bind the port again at once, instead of
     * waiting out the old connections' TIME_WAIT. */
    int one = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, 16) != 0) {
        int err = errno;
        close(fd);
        errno = err;
        return -1;
    }
    return fd;
}

int gt_tcp_listen(const char *host, const char *port, int *bound_port, gt_error *e)
{
    struct addrinfo hints = {
        .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE};
    struct addrinfo *addrs;
    int rc = getaddrinfo(host, port, &hints, &addrs);
    if (rc != 0) {
        gt_fail(e, GT_ERR_IO, "could not resolve %s:%s: %s", host ? host : "*", port,
                gai_strerror(rc));
        return -1;
    }
    int fd = -1, err = 0;
    for (struct addrinfo *a = addrs; a && fd < 0; a = a->ai_next) {
        fd = listen_on(a);
        if (fd < 0)
            err = errno;
    }
    freeaddrinfo(addrs);
    if (fd < 0) {
        gt_fail(e, GT_ERR_IO, "could not listen on %s:%s: %s", host ? host : "*", port,
                strerror(err));
        return -1;
    }
    if (bound_port)
        *bound_port = bound_port_of(fd);
    return fd;
}

int gt_tcp_accept(int listen_fd, int timeout_seconds, gt_error *e)
{
    int ready = wait_ready(listen_fd, POLLIN, timeout_seconds);
    if (ready == 0) {
        gt_fail(e, GT_ERR_IO, "no client connected within %d second%s", timeout_seconds,
                timeout_seconds == 1 ? "" : "s");
        return -1;
    }
    int fd = -1;
    if (ready > 0) {
        do
            fd = accept(listen_fd, NULL, NULL);
        while (fd < 0 && errno == EINTR);
    }
    if (fd < 0) {
        gt_fail(e, GT_ERR_IO, "could not accept a connection: %s", strerror(errno));
        return -1;
    }
    if (gt_tcp_set_timeout(fd, timeout_seconds) != 0) {
        gt_fail(e, GT_ERR_IO, "could not set the socket timeouts: %s", strerror(errno));
        close(fd);
        return -1;
    }
    send_without_delay(fd);
    return fd;
}

void gt_tcp_close(int fd)
{
    if (fd >= 0)
        close(fd);
}

/* send() may take only part of the buffer, or be interrupted by a signal:
 * loop until all of it is gone. MSG_NOSIGNAL turns "peer has gone" into an
 * EPIPE error instead of a SIGPIPE that would kill the process. */
static long socket_send(void *ctx, const uint8_t *p, size_t n)
{
    int fd = *(int *)ctx;
    size_t done = 0;
    while (done < n) {
        ssize_t k = send(fd, p + done, n - done, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1; /* includes EAGAIN: the send timeout expired */
        done += (size_t)k;
    }
    return (long)n;
}

/* Returns what recv() gave, or -1 on error, including a receive timeout
 * (EAGAIN), which a blocking transport reports as a failure. */
static long socket_recv(void *ctx, uint8_t *p, size_t n)
{
    int fd = *(int *)ctx;
    for (;;) {
        ssize_t k = recv(fd, p, n, 0);
        if (k >= 0)
            return (long)k;
        if (errno != EINTR)
            return -1;
    }
}

gt_transport gt_socket_transport(int *fd) { return (gt_transport){socket_send, socket_recv, fd}; }
