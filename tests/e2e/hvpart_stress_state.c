// SPDX-License-Identifier: GPL-2.0
/*
 * hvpart_stress: the partitions hvctl -j list shows, and the slab figures
 * (/proc/slabinfo, /proc/meminfo) the memory check compares.
 */
#include "hvpart_stress.h"

static const char *find_in(const char *s, const char *end, const char *key)
{
	size_t k = strlen(key);

	for (; s + k <= end; s++)
		if (!memcmp(s, key, k))
			return s + k;
	return NULL;
}

static bool num_in(const char *s, const char *end, const char *key, u64 *v)
{
	const char *p = find_in(s, end, key);
	char *e;

	if (!p || *p < '0' || *p > '9')
		return false;
	*v = strtoull(p, &e, 10);
	return e <= end;
}

static u8 state_of(const char *s, const char *end)
{
	static const char *const names[] = {
		NULL, "\"created\"", "\"initialized\"", "\"finalized\"",
		"\"deleted\"",
	};
	const char *p = find_in(s, end, "\"state\":");
	unsigned int i;

	for (i = 1; p && i < ARRAY_SIZE(names); i++)
		if (!strncmp(p, names[i], strlen(names[i])))
			return i;
	return 0;
}

/*
 * hvctl -j list's objects start with "id" and hold no nested object, so
 * {"id": opens each one.
 */
static void plist_parse(struct plist *pl, const char *text)
{
	const char *key = "{\"id\":", *p, *next, *end = text + strlen(text);
	size_t cap = 0, len = strlen(text);
	u64 v;

	pl->parsed = len >= 3 && text[0] == '[' && !strcmp(end - 2, "]\n");
	pl->ordered = true;
	if (!pl->parsed) {
		snprintf(pl->err, sizeof(pl->err), "not a JSON array: '%.60s'",
			 text);
		return;
	}
	for (p = strstr(text, key); p && p < end; p = next) {
		next = strstr(p + 1, key);
		if (!next)
			next = end;
		if (pl->n == cap) {
			cap = cap ? cap * 2 : 1024;
			pl->id = realloc(pl->id, cap * sizeof(*pl->id));
			pl->flags = realloc(pl->flags, cap * sizeof(*pl->flags));
			pl->compat = realloc(pl->compat, cap * sizeof(*pl->compat));
			pl->state = realloc(pl->state, cap * sizeof(*pl->state));
			if (!pl->id || !pl->flags || !pl->compat || !pl->state) {
				perror("realloc");
				exit(2);
			}
		}
		if (!num_in(p, next, key, &pl->id[pl->n]) ||
		    !num_in(p, next, "\"flags\":", &pl->flags[pl->n]) ||
		    !num_in(p, next, "\"compatibility_version\":", &v)) {
			if (pl->parsed)
				snprintf(pl->err, sizeof(pl->err),
					 "entry %zu lacks id, flags or compatibility_version",
					 pl->n);
			pl->parsed = false;
			continue;
		}
		pl->compat[pl->n] = (u32)v;
		pl->state[pl->n] = state_of(p, next);
		if (pl->n && pl->id[pl->n] <= pl->id[pl->n - 1])
			pl->ordered = false;
		pl->n++;
	}
	if (pl->parsed && !pl->n && strcmp(text, "[]\n")) {
		snprintf(pl->err, sizeof(pl->err), "no entries in '%.60s'", text);
		pl->parsed = false;
	}
}

/*
 * Run hvctl -j list (fork and exec: safe from a threaded process, the
 * child only execs).  Its stderr goes to /dev/null: during churn hvctl may
 * warn that every dump raced a change.
 */
void list_partitions(struct plist *pl)
{
	size_t cap = 1 << 16, len = 0;
	int pipefd[2], status, null;
	char *text;
	ssize_t n;
	pid_t pid;

	memset(pl, 0, sizeof(*pl));
	pl->rc = -1;
	if (pipe2(pipefd, O_CLOEXEC)) {
		snprintf(pl->err, sizeof(pl->err), "pipe: %s", strerror(errno));
		return;
	}
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], 1);
		if (null >= 0)
			dup2(null, 2);
		execl(HVCTL, "hvctl", "-j", "list", (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	if (null >= 0)
		close(null);
	text = xcalloc(1, cap);
	while (pid > 0 && (n = read(pipefd[0], text + len, cap - len - 1)) > 0) {
		len += n;
		if (cap - len < 4096) {
			text = realloc(text, cap *= 2);
			if (!text) {
				perror("realloc");
				exit(2);
			}
		}
	}
	text[len] = 0;
	close(pipefd[0]);
	if (pid < 0) {
		snprintf(pl->err, sizeof(pl->err), "fork: %s", strerror(errno));
		free(text);
		return;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	pl->rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	plist_parse(pl, text);
	free(text);
}

void plist_free(struct plist *pl)
{
	free(pl->id);
	free(pl->flags);
	free(pl->compat);
	free(pl->state);
	memset(pl, 0, sizeof(*pl));
}

bool plist_has(const struct plist *pl, u64 id, size_t *at)
{
	const u64 *p = bsearch(&id, pl->id, pl->n, sizeof(u64), cmp_u64);

	if (p && at)
		*at = p - pl->id;
	return p;
}

/* The list ran, parsed and is in id order; else one failure, reported. */
bool list_sane(const char *what, const struct plist *pl)
{
	bool ok = pl->rc == 0 && pl->parsed && pl->ordered;

	if (!ok)
		e2e_report(false, what, "hvctl -j list: exit %d, %s, %s", pl->rc,
			   pl->parsed ? "parsed" : pl->err,
			   pl->ordered ? "in order" : "not in id order");
	return ok;
}

/* Partitions in the table now, by the list; -1 when the list failed. */
long count_partitions(void)
{
	struct plist pl;
	long n;

	list_partitions(&pl);
	n = pl.rc == 0 && pl.parsed ? (long)pl.n : -1;
	plist_free(&pl);
	return n;
}

/* Drop the page cache, dentries and inodes, then shrink every slab cache. */
static void settle_caches(void)
{
	char path[512];
	struct dirent *de;
	DIR *d;

	sync();
	e2e_write_file("/proc/sys/vm/drop_caches", "3\n");
	d = opendir("/sys/kernel/slab");
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/slab/%s/shrink",
			 de->d_name);
		e2e_write_file(path, "1\n");
	}
	if (d)
		closedir(d);
}

static void slab_read(struct slab_fig *f)
{
	long active, num, size, per, slabs, page = sysconf(_SC_PAGESIZE);
	char line[512], name[64];
	struct slab_cache *c;
	FILE *m;

	memset(f, 0, sizeof(*f));
	f->slab_kb = -1;
	m = fopen("/proc/meminfo", "re");
	while (m && fgets(line, sizeof(line), m))
		if (sscanf(line, "Slab: %ld kB", &f->slab_kb) == 1)
			break;
	if (m)
		fclose(m);
	m = fopen("/proc/slabinfo", "re");
	if (!m)
		return;
	f->have_slabinfo = true;
	while (fgets(line, sizeof(line), m)) {
		if (sscanf(line, "%63s %ld %ld %ld %*d %ld : tunables %*d %*d %*d : slabdata %*d %ld",
			   name, &active, &num, &size, &per, &slabs) != 6)
			continue;
		f->active_bytes += (long long)active * size;
		if (f->ncaches == CACHES_MAX)
			continue;
		c = &f->cache[f->ncaches++];
		snprintf(c->name, sizeof(c->name), "%s", name);
		c->obj_bytes = (long long)active * size;
		c->page_bytes = (long long)slabs * per * page;
	}
	fclose(m);
}

void slab_settled(struct slab_fig *f)
{
	settle_caches();
	slab_read(f);
}

static long long cache_bytes(const struct slab_cache *c, bool pages)
{
	return pages ? c->page_bytes : c->obj_bytes;
}

/* The caches whose objects (or pages) grew most from @a to @b, as a note. */
void slab_growers(const char *what, const struct slab_fig *a,
		  const struct slab_fig *b, bool pages)
{
	char buf[400];
	size_t len = 0;
	unsigned int i, j, k, shown[3] = { 0 };
	long long best[3] = { 0 };

	for (i = 0; i < b->ncaches; i++) {
		long long g = cache_bytes(&b->cache[i], pages);

		for (j = 0; j < a->ncaches; j++)
			if (!strcmp(a->cache[j].name, b->cache[i].name)) {
				g -= cache_bytes(&a->cache[j], pages);
				break;
			}
		for (k = 0; k < 3; k++) {
			if (g <= best[k])
				continue;
			memmove(&best[k + 1], &best[k], (2 - k) * sizeof(best[0]));
			memmove(&shown[k + 1], &shown[k], (2 - k) * sizeof(shown[0]));
			best[k] = g;
			shown[k] = i;
			break;
		}
	}
	buf[0] = 0;
	for (k = 0; k < 3 && best[k] > 0; k++)
		len += snprintf(buf + len, sizeof(buf) - len, "%s%s +%lld KB",
				k ? ", " : "", b->cache[shown[k]].name,
				best[k] / 1024);
	e2e_note("%s: caches whose %s grew most: %s", what,
		 pages ? "slab pages" : "objects", len ? buf : "none");
}
