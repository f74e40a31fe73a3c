/* c11_threads.c: linked into kticker only by ./configure --enable-tsan. GCC's ThreadSanitizer
 * intercepts pthreads but not C11 <threads.h>, which librdkafka uses: a thread started by
 * glibc's thrd_create is unknown to TSan (it crashes in TSan's allocator), and a lock taken by
 * mtx_lock is invisible to it (false races). These definitions in the executable take the
 * place of glibc's for librdkafka too, and route every call to the pthread equivalent, which
 * TSan sees. glibc's C11 types are layouts of the pthread ones (mtx_t is a pthread_mutex_t,
 * cnd_t a pthread_cond_t, once_flag a pthread_once_t, thrd_t a pthread_t). */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <threads.h>

struct start {
	thrd_start_t func;
	void *arg;
};

static void *run_start(void *p)
{
	struct start s = *(struct start *)p;
	free(p);
	return (void *)(intptr_t)s.func(s.arg);
}

static int result_of(int rc)
{
	return rc == 0 ? thrd_success : rc == ETIMEDOUT ? thrd_timedout : rc == EBUSY ? thrd_busy :
	       rc == ENOMEM ? thrd_nomem : thrd_error;
}

int thrd_create(thrd_t *thr, thrd_start_t func, void *arg)
{
	struct start *s = malloc(sizeof(*s));
	if (!s)
		return thrd_nomem;
	s->func = func;
	s->arg = arg;
	int rc = pthread_create(thr, NULL, run_start, s);
	if (rc)
		free(s);
	return result_of(rc);
}

int thrd_join(thrd_t thr, int *res)
{
	void *value;
	int rc = pthread_join(thr, &value);
	if (rc == 0 && res)
		*res = (int)(intptr_t)value;
	return result_of(rc);
}

thrd_t thrd_current(void)
{
	return pthread_self();
}

int mtx_init(mtx_t *m, int type)
{
	pthread_mutexattr_t attr;
	pthread_mutexattr_init(&attr);
	if (type & mtx_recursive)
		pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	int rc = pthread_mutex_init((pthread_mutex_t *)m, &attr);
	pthread_mutexattr_destroy(&attr);
	return result_of(rc);
}

int mtx_lock(mtx_t *m) { return result_of(pthread_mutex_lock((pthread_mutex_t *)m)); }
int mtx_unlock(mtx_t *m) { return result_of(pthread_mutex_unlock((pthread_mutex_t *)m)); }
void mtx_destroy(mtx_t *m) { pthread_mutex_destroy((pthread_mutex_t *)m); }

int cnd_init(cnd_t *c) { return result_of(pthread_cond_init((pthread_cond_t *)c, NULL)); }
int cnd_signal(cnd_t *c) { return result_of(pthread_cond_signal((pthread_cond_t *)c)); }
int cnd_broadcast(cnd_t *c) { return result_of(pthread_cond_broadcast((pthread_cond_t *)c)); }
void cnd_destroy(cnd_t *c) { pthread_cond_destroy((pthread_cond_t *)c); }

int cnd_wait(cnd_t *c, mtx_t *m)
{
	return result_of(pthread_cond_wait((pthread_cond_t *)c, (pthread_mutex_t *)m));
}

int cnd_timedwait(cnd_t *restrict c, mtx_t *restrict m, const struct timespec *restrict until)
{
	return result_of(pthread_cond_timedwait((pthread_cond_t *)c, (pthread_mutex_t *)m, until));
}

void call_once(once_flag *flag, void (*func)(void))
{
	pthread_once((pthread_once_t *)flag, func);
}
