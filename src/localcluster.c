/* localcluster.c: real Apache Kafka brokers as kticker's child processes (--cluster local). */
#include "localcluster.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <librdkafka/rdkafka.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

#define START_TIMEOUT_MS 180000 /* seconds on a laptop; minutes on a machine overloaded */
#define CLEAN_STOP_MS 10000     /* a kept --state gets this long to shut down cleanly */
#define HEAP "-Xmx512m"         /* per broker; a classroom topic needs far less */

/* ---- what --cluster local needs ---------------------------------------------------------- */

static bool find_java(char *out, size_t size)
{
	const char *path = getenv("PATH");
	if (!path)
		return false;
	char *copy = xstrdup(path), *save = NULL;
	bool found = false;
	for (char *dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
		snprintf(out, size, "%s/java", *dir ? dir : ".");
		found = access(out, X_OK) == 0;
	}
	free(copy);
	return found;
}

/* Where broker.sh fetch (scripts/install-deps.sh --kafka) puts the jars. */
static void jar_dir(char *out, size_t size)
{
	const char *cache = getenv("KTICKER_KAFKA_CACHE");
	if (cache && *cache)
		copy_str(out, size, cache);
	else
		snprintf(out, size, "%s/.cache/kticker/kafka-%s", getenv("HOME") ? getenv("HOME") : "",
			 LOCALCLUSTER_KAFKA_VERSION);
}

static bool find_prerequisites(struct localcluster *lc, char *err, size_t err_size)
{
	if (!find_java(lc->java, sizeof(lc->java))) {
		snprintf(err, err_size, "--cluster local needs Java 17 or later, and java is not on PATH: "
			 "install it with scripts/install-deps.sh --kafka (Debian: openjdk-17-jre-headless)");
		return false;
	}
	char dir[PATH_MAX], marker[PATH_MAX + 16];
	jar_dir(dir, sizeof(dir));
	snprintf(marker, sizeof(marker), "%s/.complete", dir);
	if (access(marker, R_OK) != 0) {
		snprintf(err, err_size, "--cluster local needs the Apache Kafka %s jars in %s, and they "
			 "are not there: fetch them with scripts/install-deps.sh --kafka "
			 "(or tests/kafka/broker.sh fetch)", LOCALCLUSTER_KAFKA_VERSION, dir);
		return false;
	}
	snprintf(lc->classpath, sizeof(lc->classpath), "%s/*", dir);
	return true;
}

/* ---- state directory, ports and configuration -------------------------------------------- */

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	remove(path);
	return 0;
}

static void remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The kticker that made a temporary state, from its kticker.pid; 0 when unknown. */
static pid_t state_owner(const char *state)
{
	char path[PATH_MAX + 16];
	snprintf(path, sizeof(path), "%s/kticker.pid", state);
	FILE *f = fopen(path, "r");
	long pid = 0;
	if (f) {
		if (fscanf(f, "%ld", &pid) != 1)
			pid = 0;
		fclose(f);
	}
	return (pid_t)pid;
}

/* A kticker that was SIGKILLed takes its brokers with it but leaves its temporary state
 * behind: the next local cluster removes the states whose kticker is gone. */
static void remove_orphaned_states(const char *tmp)
{
	DIR *d = opendir(tmp);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "kticker-cluster-", 16) != 0)
			continue;
		char state[PATH_MAX];
		snprintf(state, sizeof(state), "%s/%s", tmp, e->d_name);
		pid_t owner = state_owner(state);
		if (owner > 0 && kill(owner, 0) != 0 && errno == ESRCH)
			remove_tree(state);
	}
	closedir(d);
}

static bool make_temporary_state(struct localcluster *lc, char *err, size_t err_size)
{
	const char *tmp = getenv("TMPDIR");
	tmp = tmp && *tmp ? tmp : "/tmp";
	remove_orphaned_states(tmp);
	snprintf(lc->state, sizeof(lc->state), "%s/kticker-cluster-XXXXXX", tmp);
	if (!mkdtemp(lc->state)) {
		snprintf(err, err_size, "temporary directory %s: %s", lc->state, strerror(errno));
		return false;
	}
	lc->temporary = true;
	char path[PATH_MAX + 16];
	snprintf(path, sizeof(path), "%s/kticker.pid", lc->state);
	FILE *f = fopen(path, "w");
	if (f) {
		fprintf(f, "%ld\n", (long)getpid());
		fclose(f);
	}
	return true;
}

static bool make_state_dir(struct localcluster *lc, const char *state_dir, char *err,
			   size_t err_size)
{
	if (state_dir) {
		if (mkdir(state_dir, 0755) != 0 && errno != EEXIST) {
			snprintf(err, err_size, "--state %s: %s", state_dir, strerror(errno));
			return false;
		}
		if (!realpath(state_dir, lc->state)) {
			snprintf(err, err_size, "--state %s: %s", state_dir, strerror(errno));
			return false;
		}
		return true;
	}
	return make_temporary_state(lc, err, err_size);
}

/* The ports a kept --state used last time (0 when there is none), so its bootstrap address
 * stays the same from one lesson to the next. */
static void previous_ports(const struct localcluster *lc, int id, int *port, int *controller)
{
	char path[PATH_MAX + 64], line[512];
	snprintf(path, sizeof(path), "%s/node-%d/server.properties", lc->state, id);
	FILE *f = lc->temporary ? NULL : fopen(path, "r");
	*port = *controller = 0;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "listeners=PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d", port,
			   controller) == 2)
			break;
	fclose(f);
}

/* Binds a loopback socket to port (0: any free one); returns the fd and the port bound. */
static int bind_port(int port, int *bound)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), on = 1;
	/* as Kafka binds: a port whose last connections are in TIME_WAIT is free to listen on */
	if (fd >= 0 && (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) != 0 ||
			bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
			getsockname(fd, (struct sockaddr *)&a, &len) != 0)) {
		int why = errno;
		close(fd);
		fd = -1;
		errno = why;
	}
	*bound = ntohs(a.sin_port);
	return fd;
}

/* 2 * count free loopback ports, all different (the previous ones when free): every socket
 * stays bound until all are picked. Another program could take one before the broker binds
 * it; rare on a laptop. */
static bool pick_ports(struct localcluster *lc, char *err, size_t err_size)
{
	int fds[2 * LOCALCLUSTER_MAX], n = 0;
	bool ok = true;
	for (; n < 2 * lc->count && ok; n++) {
		struct local_node *node = &lc->node[n / 2 + 1];
		int before[2];
		previous_ports(lc, n / 2 + 1, &before[0], &before[1]);
		int *port = n % 2 ? &node->controller_port : &node->port;
		fds[n] = bind_port(before[n % 2], port);
		if (fds[n] < 0 && before[n % 2]) {
			fprintf(stderr, "kticker: local cluster: broker %d's port %d is not free (%s): "
				"it gets another\n", n / 2 + 1, before[n % 2], strerror(errno));
			fds[n] = bind_port(0, port);
		}
		ok = fds[n] >= 0;
	}
	if (!ok)
		snprintf(err, err_size, "no free port on 127.0.0.1: %s", strerror(errno));
	for (int i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return ok;
}

/* The settings a classroom shows (see kticker(1), LOCAL CLUSTER): replication like
 * production, but segments and retention small enough to watch the log start move. */
static void write_settings(FILE *f, const struct localcluster *lc)
{
	int replication = lc->count < 3 ? lc->count : 3;
	int min_isr = lc->count >= 3 ? 2 : 1;
	fprintf(f, "default.replication.factor=%d\n", replication);
	fprintf(f, "min.insync.replicas=%d\n", min_isr);
	fprintf(f, "offsets.topic.replication.factor=%d\n", replication);
	fprintf(f, "offsets.topic.num.partitions=6\n");
	fprintf(f, "transaction.state.log.replication.factor=%d\n", replication);
	fprintf(f, "transaction.state.log.min.isr=%d\n", min_isr);
	fprintf(f, "num.partitions=6\n");
	fprintf(f, "group.initial.rebalance.delay.ms=0\n");
	fprintf(f, "log.segment.bytes=1048576\n");        /* 1 MiB, Kafka 4's smallest */
	fprintf(f, "log.roll.ms=60000\n");                /* a new segment every minute */
	fprintf(f, "log.retention.ms=300000\n");          /* closed segments older than 5 min go */
	fprintf(f, "log.retention.bytes=4194304\n");      /* and beyond 4 MiB per partition */
	fprintf(f, "log.retention.check.interval.ms=10000\n");
}

static bool write_config(const struct localcluster *lc, int id, char *err, size_t err_size)
{
	const struct local_node *node = &lc->node[id];
	char path[PATH_MAX + 64];
	snprintf(path, sizeof(path), "%s/server.properties", node->dir);
	FILE *f = fopen(path, "w");
	if (!f) {
		snprintf(err, err_size, "%s: %s", path, strerror(errno));
		return false;
	}
	fprintf(f, "process.roles=broker,controller\nnode.id=%d\ncontroller.quorum.voters=", id);
	for (int i = 1; i <= lc->count; i++)
		fprintf(f, "%s%d@127.0.0.1:%d", i > 1 ? "," : "", i, lc->node[i].controller_port);
	fprintf(f, "\nlisteners=PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d\n", node->port,
		node->controller_port);
	fprintf(f, "advertised.listeners=PLAINTEXT://127.0.0.1:%d\n", node->port);
	fprintf(f, "controller.listener.names=CONTROLLER\n"
		   "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT\n"
		   "inter.broker.listener.name=PLAINTEXT\n");
	fprintf(f, "log.dirs=%s/data\n", node->dir);
	write_settings(f, lc);
	if (fclose(f) != 0) {
		snprintf(err, err_size, "%s: %s", path, strerror(errno));
		return false;
	}
	return true;
}

static bool make_node_dirs(struct localcluster *lc, char *err, size_t err_size)
{
	for (int id = 1; id <= lc->count; id++) {
		struct local_node *node = &lc->node[id];
		snprintf(node->dir, sizeof(node->dir), "%s/node-%d", lc->state, id);
		if (mkdir(node->dir, 0755) != 0 && errno != EEXIST) {
			snprintf(err, err_size, "%s: %s", node->dir, strerror(errno));
			return false;
		}
		if (!write_config(lc, id, err, err_size))
			return false;
	}
	return true;
}

/* ---- child processes ------------------------------------------------------------------- */

/* Runs argv[0] with stdout and stderr appended to log. Between fork and exec the child
 * calls only async-signal-safe functions, so a restart is safe while kticker's threads run. */
static pid_t spawn(char *const argv[], const char *log)
{
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	/* its own process group: Ctrl-C on kticker's terminal must not stop the brokers before
	 * kticker has flushed its producer */
	setpgid(0, 0);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
		_exit(127); /* kticker is already gone */
	signal(SIGPIPE, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	int in = open("/dev/null", O_RDONLY);
	int out = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
		_exit(127);
	execv(argv[0], argv);
	_exit(127);
}

static bool node_formatted(const struct local_node *node, char *cluster_id, size_t size)
{
	char path[PATH_MAX + 64], line[256];
	snprintf(path, sizeof(path), "%s/data/meta.properties", node->dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "cluster.id=", 11) == 0) {
			line[strcspn(line, "\r\n")] = '\0';
			copy_str(cluster_id, size, line + 11);
		}
	fclose(f);
	return true;
}

/* 16 random bytes in base64url without padding, as Kafka's cluster ids are; not starting
 * with '-', which StorageTool would read as an option. */
static void new_cluster_id(char *out)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	uint64_t seed = (uint64_t)now_us() ^ ((uint64_t)getpid() << 32);
	int fd = open("/dev/urandom", O_RDONLY);
	if (fd >= 0) {
		if (read(fd, &seed, sizeof(seed)) != (ssize_t)sizeof(seed))
			seed ^= (uint64_t)now_us();
		close(fd);
	}
	for (int i = 0; i < 22; i++)
		out[i] = alphabet[splitmix64(&seed) % (i == 0 ? 62 : 64)];
	out[21] = alphabet[splitmix64(&seed) % 4 * 16]; /* 128 bits: the last char carries 2 */
	out[22] = '\0';
}

static void show_log_tail(const char *path, char *err, size_t err_size)
{
	char line[512], last[3][512] = { "", "", "" };
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	int n = 0;
	while (fgets(line, sizeof(line), f))
		copy_str(last[n++ % 3], sizeof(last[0]), line);
	fclose(f);
	size_t len = strlen(err);
	for (int i = n < 3 ? 0 : n - 3; i < n && len < err_size; i++) {
		snprintf(err + len, err_size - len, "\n  %s", last[i % 3]);
		len = strlen(err);
		if (len && err[len - 1] == '\n')
			err[--len] = '\0';
	}
}

/* Formats the storage of every node not formatted yet, all with the cluster's id, in
 * parallel (each StorageTool is a JVM start). */
static bool format_storage(struct localcluster *lc, char *err, size_t err_size)
{
	char id[64] = "";
	bool formatted[LOCALCLUSTER_MAX + 1] = { false };
	for (int n = 1; n <= lc->count; n++)
		formatted[n] = node_formatted(&lc->node[n], id, sizeof(id));
	if (!id[0])
		new_cluster_id(id);
	pid_t pids[LOCALCLUSTER_MAX + 1] = { 0 };
	char config[LOCALCLUSTER_MAX + 1][PATH_MAX + 64], log[LOCALCLUSTER_MAX + 1][PATH_MAX + 64];
	for (int n = 1; n <= lc->count; n++) {
		if (formatted[n])
			continue;
		snprintf(config[n], sizeof(config[n]), "%s/server.properties", lc->node[n].dir);
		snprintf(log[n], sizeof(log[n]), "%s/format.log", lc->node[n].dir);
		char *argv[] = { lc->java, "-Xmx256m", "-cp", lc->classpath, "kafka.tools.StorageTool",
				 "format", "-t", id, "-c", config[n], NULL };
		pids[n] = spawn(argv, log[n]);
	}
	bool ok = true;
	for (int n = 1; n <= lc->count; n++) {
		int status = 0;
		if (formatted[n] || (pids[n] > 0 && waitpid(pids[n], &status, 0) > 0 &&
				     WIFEXITED(status) && WEXITSTATUS(status) == 0))
			continue;
		if (ok) {
			snprintf(err, err_size, "formatting the storage of broker %d failed; %s ends with:",
				 n, log[n]);
			show_log_tail(log[n], err, err_size);
		}
		ok = false;
	}
	return ok;
}

static bool launch(struct localcluster *lc, int id, char *err, size_t err_size)
{
	struct local_node *node = &lc->node[id];
	char config[PATH_MAX + 64], log[PATH_MAX + 64];
	snprintf(config, sizeof(config), "%s/server.properties", node->dir);
	snprintf(log, sizeof(log), "%s/broker.log", node->dir);
	char *argv[] = { lc->java, "-Xms64m", HEAP, "-XX:+UseSerialGC",
			 "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-cp", lc->classpath,
			 "kafka.Kafka", config, NULL };
	node->pid = spawn(argv, log);
	if (node->pid < 0) {
		node->pid = 0;
		snprintf(err, err_size, "could not start broker %d: %s", id, strerror(errno));
		return false;
	}
	return true;
}

/* ---- waiting for the brokers ----------------------------------------------------------- */

static void quiet_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
	(void)rk, (void)level, (void)fac, (void)buf; /* refused connections while JVMs boot */
}

static rd_kafka_t *metadata_client(const struct localcluster *lc)
{
	char err[256];
	rd_kafka_conf_t *conf = rd_kafka_conf_new();
	rd_kafka_conf_set_log_cb(conf, quiet_log);
	if (rd_kafka_conf_set(conf, "bootstrap.servers", lc->bootstrap, err, sizeof(err)) ||
	    rd_kafka_conf_set(conf, "reconnect.backoff.max.ms", "500", err, sizeof(err))) {
		rd_kafka_conf_destroy(conf);
		return NULL;
	}
	rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
	if (!rk)
		rd_kafka_conf_destroy(conf);
	return rk;
}

/* A broker process that exited: the reason for its failure, from its log. */
static bool find_dead_broker(struct localcluster *lc, char *err, size_t err_size)
{
	for (int id = 1; id <= lc->count; id++) {
		int status;
		if (lc->node[id].pid <= 0 || waitpid(lc->node[id].pid, &status, WNOHANG) <= 0)
			continue;
		lc->node[id].pid = 0;
		char log[PATH_MAX + 64];
		snprintf(log, sizeof(log), "%s/broker.log", lc->node[id].dir);
		snprintf(err, err_size, "broker %d exited during start-up; %s ends with:", id, log);
		show_log_tail(log, err, err_size);
		return true;
	}
	return false;
}

/* Prints a line per broker as it first appears in the cluster's metadata; true once all do. */
static bool note_answering(const struct localcluster *lc, rd_kafka_t *rk, bool *seen,
			   int64_t started)
{
	const struct rd_kafka_metadata *md;
	if (rd_kafka_metadata(rk, 0, NULL, &md, 1000))
		return false;
	int answering = 0;
	for (int i = 0; i < md->broker_cnt; i++) {
		int id = md->brokers[i].id;
		if (id < 1 || id > lc->count)
			continue;
		answering++;
		if (!seen[id])
			fprintf(stderr, "kticker: local cluster: broker %d answers at 127.0.0.1:%d (%.1f s)\n",
				id, lc->node[id].port, (double)(mono_ms() - started) / 1000);
		seen[id] = true;
	}
	rd_kafka_metadata_destroy(md);
	return answering == lc->count;
}

static bool wait_until_answering(struct localcluster *lc, const volatile sig_atomic_t *stop,
				 int64_t started, char *err, size_t err_size)
{
	rd_kafka_t *rk = metadata_client(lc);
	if (!rk) {
		snprintf(err, err_size, "could not create a Kafka client for %s", lc->bootstrap);
		return false;
	}
	bool seen[LOCALCLUSTER_MAX + 1] = { false }, all = false;
	while (!all && !*stop && mono_ms() - started < START_TIMEOUT_MS &&
	       !find_dead_broker(lc, err, err_size)) {
		all = note_answering(lc, rk, seen, started);
		if (!all)
			sleep_ms(250);
	}
	rd_kafka_destroy(rk);
	if (!all && !err[0])
		snprintf(err, err_size, *stop ? "interrupted while the local cluster started" :
			 "the local cluster did not answer within %d s: see the broker.log files in %s",
			 START_TIMEOUT_MS / 1000, lc->state);
	return all;
}

/* ---- the public operations --------------------------------------------------------------- */

static void make_bootstrap(struct localcluster *lc)
{
	size_t len = 0;
	for (int id = 1; id <= lc->count; id++)
		len += (size_t)snprintf(lc->bootstrap + len, sizeof(lc->bootstrap) - len, "%s127.0.0.1:%d",
					id > 1 ? "," : "", lc->node[id].port);
}

bool localcluster_start(struct localcluster *lc, int count, const char *state_dir,
			const volatile sig_atomic_t *stop, char *err, size_t err_size)
{
	memset(lc, 0, sizeof(*lc));
	err[0] = '\0';
	if (count < 1 || count > LOCALCLUSTER_MAX) {
		snprintf(err, err_size, "a local cluster has 1 to %d brokers", LOCALCLUSTER_MAX);
		return false;
	}
	lc->count = count;
	if (!find_prerequisites(lc, err, err_size) || !make_state_dir(lc, state_dir, err, err_size))
		return false;
	int64_t started = mono_ms();
	fprintf(stderr, "kticker: starting a local Apache Kafka %s cluster of %d broker%s in %s "
		"(each JVM takes a few seconds)\n", LOCALCLUSTER_KAFKA_VERSION, count,
		count == 1 ? "" : "s", lc->state);
	bool ok = pick_ports(lc, err, err_size) && make_node_dirs(lc, err, err_size) &&
		  format_storage(lc, err, err_size);
	make_bootstrap(lc);
	for (int id = 1; ok && id <= count; id++)
		ok = launch(lc, id, err, err_size);
	if (ok && (ok = wait_until_answering(lc, stop, started, err, err_size)))
		fprintf(stderr, "kticker: local cluster: all %d brokers answer after %.1f s\n", count,
			(double)(mono_ms() - started) / 1000);
	if (!ok)
		localcluster_stop(lc);
	return ok;
}

bool localcluster_running(const struct localcluster *lc, int id)
{
	return id >= 1 && id <= lc->count && lc->node[id].pid > 0;
}

static void reap(pid_t pid)
{
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

bool localcluster_kill(struct localcluster *lc, int id, char *err, size_t err_size)
{
	if (!localcluster_running(lc, id)) {
		snprintf(err, err_size, "broker %d is not running", id);
		return false;
	}
	kill(lc->node[id].pid, SIGKILL);
	reap(lc->node[id].pid);
	lc->node[id].pid = 0;
	lc->node[id].hung = false;
	lc->node[id].shutting_down = false;
	return true;
}

/* Reaps broker id's process if it ended by itself. */
static void note_exit(struct localcluster *lc, int id)
{
	if (localcluster_running(lc, id) && waitpid(lc->node[id].pid, NULL, WNOHANG) > 0) {
		lc->node[id].pid = 0;
		lc->node[id].shutting_down = false;
	}
}

/* Whether broker id's process is alive and not hung; err tells why not. */
static bool answering_process(struct localcluster *lc, int id, char *err, size_t err_size)
{
	note_exit(lc, id);
	if (!localcluster_running(lc, id)) {
		snprintf(err, err_size, "broker %d is not running", id);
		return false;
	}
	if (lc->node[id].hung) {
		snprintf(err, err_size, "broker %d is hung (broker-up lets it go on)", id);
		return false;
	}
	return true;
}

bool localcluster_shutdown(struct localcluster *lc, int id, char *err, size_t err_size)
{
	if (!answering_process(lc, id, err, err_size))
		return false;
	kill(lc->node[id].pid, SIGTERM);
	lc->node[id].shutting_down = true;
	return true;
}

bool localcluster_shutting_down(struct localcluster *lc, int id)
{
	note_exit(lc, id);
	return localcluster_running(lc, id) && lc->node[id].shutting_down;
}

bool localcluster_hang(struct localcluster *lc, int id, char *err, size_t err_size)
{
	if (!answering_process(lc, id, err, err_size))
		return false;
	kill(lc->node[id].pid, SIGSTOP);
	lc->node[id].hung = true;
	return true;
}

bool localcluster_resume(struct localcluster *lc, int id, char *err, size_t err_size)
{
	if (!localcluster_running(lc, id) || !lc->node[id].hung) {
		snprintf(err, err_size, "broker %d is not hung", id);
		return false;
	}
	kill(lc->node[id].pid, SIGCONT);
	lc->node[id].hung = false;
	return true;
}

bool localcluster_restart(struct localcluster *lc, int id, char *err, size_t err_size)
{
	/* a broker that died by itself (e.g. out of memory) can be restarted too */
	note_exit(lc, id);
	if (id < 1 || id > lc->count || localcluster_running(lc, id)) {
		snprintf(err, err_size, "broker %d is not stopped", id);
		return false;
	}
	return launch(lc, id, err, err_size);
}

/* SIGTERM and wait (a clean shutdown), then SIGKILL whoever is left. */
static void stop_all(struct localcluster *lc, int signal_first, int64_t grace_ms)
{
	for (int id = 1; id <= lc->count; id++)
		if (lc->node[id].pid > 0) {
			if (lc->node[id].hung) /* a stopped JVM cannot handle SIGTERM */
				kill(lc->node[id].pid, SIGCONT);
			kill(lc->node[id].pid, signal_first);
		}
	int64_t deadline = mono_ms() + grace_ms;
	for (int id = 1; id <= lc->count; id++) {
		pid_t pid = lc->node[id].pid, gone = 0;
		while (pid > 0 && (gone = waitpid(pid, NULL, WNOHANG)) == 0 && mono_ms() < deadline)
			sleep_ms(50);
		if (pid > 0 && gone == 0) {
			kill(pid, SIGKILL);
			reap(pid);
		}
		lc->node[id].pid = 0;
	}
}

void localcluster_stop(struct localcluster *lc)
{
	if (!lc->count)
		return;
	/* a temporary cluster's data is thrown away: no need for a clean shutdown */
	if (lc->temporary)
		stop_all(lc, SIGKILL, 0);
	else
		stop_all(lc, SIGTERM, CLEAN_STOP_MS);
	if (lc->temporary)
		remove_tree(lc->state);
	lc->count = 0;
}
