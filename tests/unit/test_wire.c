/* test_wire.c: kept connections to brokers (wire.c) against brokers played here on loopback:
 * one that answers, one that takes the connection and never answers (a hung broker), and the
 * order and time limits with which several are asked. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "util.h"
#include "wire.h"

/* A listening socket on 127.0.0.1; its port in *port. */
static int listen_loopback(int *port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t size = sizeof(a);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 4) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &size) != 0)
		abort();
	*port = ntohs(a.sin_port);
	return fd;
}

static bool read_exactly(int fd, uint8_t *buf, size_t n)
{
	while (n > 0) {
		ssize_t got = read(fd, buf, n);
		if (got <= 0)
			return false;
		buf += got, n -= (size_t)got;
	}
	return true;
}

/* A broker that answers every request on one connection with the request's correlation id
 * and one byte; counts the connections it took. */
struct echo_broker {
	int listener;
	int connections;
};

static void *serve_echo(void *arg)
{
	struct echo_broker *b = arg;
	int fd = accept(b->listener, NULL, NULL);
	b->connections++;
	uint8_t head[12], body[256];
	while (fd >= 0 && read_exactly(fd, head, 4)) {
		uint32_t n = (uint32_t)head[0] << 24 | (uint32_t)head[1] << 16 | (uint32_t)head[2] << 8 | head[3];
		if (n < 8 || n > sizeof(body) || !read_exactly(fd, body, n))
			break;
		uint8_t answer[9] = { 0, 0, 0, 5, body[4], body[5], body[6], body[7], 0x2a };
		if (write(fd, answer, sizeof(answer)) != (ssize_t)sizeof(answer))
			break;
	}
	if (fd >= 0)
		close(fd);
	return NULL;
}

static size_t request(uint8_t *buf, size_t size, int32_t id)
{
	struct wire_writer w;
	wire_begin(&w, buf, size, 18, 0, id); /* ApiVersions: any request will do */
	return wire_end(&w);
}

static void test_kept_connection(void)
{
	int port;
	struct echo_broker b = { listen_loopback(&port), 0 };
	pthread_t t;
	pthread_create(&t, NULL, serve_echo, &b);
	struct wire_peers ps;
	wire_peers_init(&ps);
	wire_peers_note(&ps, 7, "127.0.0.1", port);
	uint8_t req[64];
	for (int32_t id = 1; id <= 3; id++) {
		size_t len = 0;
		uint8_t *body = wire_peers_exchange(&ps, 7, req, request(req, sizeof(req), id),
						    mono_ms() + 2000, &len);
		CHECK(body != NULL);
		CHECK_INT(len, 5);
		if (body)
			CHECK_INT(body[3], id); /* each answer is the one to its own question */
		free(body);
	}
	CHECK_INT(ps.answered_last, 7);
	wire_peers_close(&ps); /* the broker's read ends: its thread returns */
	pthread_join(t, NULL);
	CHECK_INT(b.connections, 1); /* three questions, one connection */
	close(b.listener);
}

/* A broker that takes the connection (the kernel does) and never answers. */
static void test_hung_broker(void)
{
	int port;
	int listener = listen_loopback(&port);
	struct wire_peers ps;
	wire_peers_init(&ps);
	wire_peers_note(&ps, 3, "127.0.0.1", port);
	ps.answered_last = 3;
	uint8_t req[64];
	size_t len = 0;
	uint8_t *body = wire_peers_exchange(&ps, 3, req, request(req, sizeof(req), 1), mono_ms() + 100, &len);
	CHECK(body == NULL);
	CHECK_INT(ps.answered_last, -1); /* no longer the one asked first */
	CHECK_INT(ps.peer[0].fd, -1);    /* its connection dropped: a late answer is never read */
	wire_peers_close(&ps);
	close(listener);
}

/* ---- the order and time limits of wire_peers_ask_any, with brokers played by a function ---- */

struct played {
	int32_t answers;         /* the node that answers; the others hang */
	int asked;
	int32_t order[8];
	int64_t given_ms[8];     /* the time each was given */
};

static bool play(struct wire_peers *ps, int32_t node, void *ctx, int64_t deadline)
{
	struct played *p = ctx;
	p->order[p->asked] = node;
	p->given_ms[p->asked++] = deadline - mono_ms();
	if (node != p->answers)
		return false; /* a hung broker would wait until deadline: the time it was given is what counts */
	ps->answered_last = node;
	return true;
}

static void test_ask_any(void)
{
	struct wire_peers ps;
	wire_peers_init(&ps);
	for (int32_t node = 1; node <= 3; node++)
		wire_peers_note(&ps, node, "127.0.0.1", 9);
	/* node 1 hangs, node 2 answers: node 1 had half the time at most, node 2 was asked */
	struct played p = { .answers = 2 };
	CHECK(wire_peers_ask_any(&ps, play, &p, mono_ms() + 1000));
	CHECK_INT(p.asked, 2);
	CHECK_INT(p.order[0], 1);
	CHECK(p.given_ms[0] <= 500);
	CHECK_INT(p.order[1], 2);
	/* the one that answered is asked first next time */
	struct played again = { .answers = 2 };
	CHECK(wire_peers_ask_any(&ps, play, &again, mono_ms() + 1000));
	CHECK_INT(again.asked, 1);
	CHECK_INT(again.order[0], 2);
	/* none answers: each asked once, the last with all the time left */
	struct played none = { .answers = 99 };
	ps.answered_last = 3;
	CHECK(!wire_peers_ask_any(&ps, play, &none, mono_ms() + 1000));
	CHECK_INT(none.asked, 3);
	CHECK_INT(none.order[0], 3);
	CHECK_INT(none.order[1], 1);
	CHECK_INT(none.order[2], 2);
	CHECK(none.given_ms[2] > none.given_ms[1]);
}

int main(void)
{
	test_kept_connection();
	test_hung_broker();
	test_ask_any();
	return check_report("test_wire");
}
