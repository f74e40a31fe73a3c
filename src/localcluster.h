/* localcluster.h: --cluster local: N real Apache Kafka brokers on loopback, run by kticker
 * as its child processes from the jars the install step fetched.
 *
 * Each node is both broker and controller (KRaft combined mode), so N processes make the
 * whole cluster. Every java child dies with kticker, however kticker ends: it is started with
 * PR_SET_PDEATHSIG, so the kernel kills it when kticker is gone, even after a SIGKILL. Only the
 * main thread may start, kill and restart brokers (the death signal follows the thread that
 * forked). */
#ifndef KTICKER_LOCALCLUSTER_H
#define KTICKER_LOCALCLUSTER_H

#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define LOCALCLUSTER_MAX 16
#define LOCALCLUSTER_KAFKA_VERSION "4.1.1"

struct local_node {
	int port;            /* the PLAINTEXT listener clients use */
	int controller_port; /* the KRaft controller listener */
	pid_t pid;           /* 0: not running */
	bool hung;           /* SIGSTOPped: alive, but answers nothing until SIGCONT */
	bool shutting_down;  /* SIGTERMed, maybe not gone yet */
	char dir[PATH_MAX + 16]; /* STATE/node-ID: server.properties, data/, broker.log */
};

struct localcluster {
	int count;
	char state[PATH_MAX];
	bool temporary;                           /* remove state when stopping */
	char java[PATH_MAX];
	char classpath[PATH_MAX + 4];             /* the jar directory, then a slash and an asterisk */
	struct local_node node[LOCALCLUSTER_MAX + 1]; /* by node id, 1-based */
	char bootstrap[LOCALCLUSTER_MAX * 24];
};

/* Starts count brokers with their state in state_dir (NULL: a fresh temporary directory),
 * printing progress on stderr, and waits until every one answers metadata. Gives up, with
 * every child stopped, when *stop becomes set. False with the reason (e.g. what is missing
 * and how to fetch it). */
bool localcluster_start(struct localcluster *lc, int count, const char *state_dir,
			const volatile sig_atomic_t *stop, char *err, size_t err_size);
/* A crash: SIGKILL of broker id's process, waited for. */
bool localcluster_kill(struct localcluster *lc, int id, char *err, size_t err_size);
/* A controlled shutdown: SIGTERM, not waited for (the broker hands its leaderships over
 * first, which takes a few seconds); restart sees when it is over. */
bool localcluster_shutdown(struct localcluster *lc, int id, char *err, size_t err_size);
/* Whether broker id had a SIGTERM and its process has not ended yet. */
bool localcluster_shutting_down(struct localcluster *lc, int id);
/* A hung broker: SIGSTOP of its process (its sessions time out, the controller fences it),
 * and SIGCONT that lets it go on as if nothing happened. */
bool localcluster_hang(struct localcluster *lc, int id, char *err, size_t err_size);
bool localcluster_resume(struct localcluster *lc, int id, char *err, size_t err_size);
/* Starts broker id again on the same ports and data (it rejoins the cluster by itself). */
bool localcluster_restart(struct localcluster *lc, int id, char *err, size_t err_size);
bool localcluster_running(const struct localcluster *lc, int id);
/* Stops every broker (a kept --state gets a clean shutdown first) and removes a temporary
 * state directory. Safe to call on a zeroed struct. */
void localcluster_stop(struct localcluster *lc);

#endif
