/* conffile.c: reading kticker.conf into key=value settings. */
#include "conffile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kconf.h"
#include "util.h"

/* Which file, and whether it may be missing (only the default may). */
static bool choose_path(struct conffile *c, const char *explicit, bool *optional)
{
	const char *env = getenv("KTICKER_CONFIG");
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	*optional = false;
	if (explicit)
		snprintf(c->path, sizeof(c->path), "%s", explicit);
	else if (env && *env)
		snprintf(c->path, sizeof(c->path), "%s", env);
	else if (xdg && *xdg)
		snprintf(c->path, sizeof(c->path), "%s/kticker/kticker.conf", xdg);
	else if (home && *home)
		snprintf(c->path, sizeof(c->path), "%s/.config/kticker/kticker.conf", home);
	else
		return false;
	*optional = !explicit && !(env && *env);
	return true;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* One line into an entry, rewritten in place as key=value. Errors name the line, never
 * its text: a malformed line may hold a secret. */
static bool parse_line(struct conffile *c, char *line, int number, char *err, size_t err_size)
{
	line = trim(line);
	if (!*line || *line == '#')
		return true;
	char *eq = strchr(line, '=');
	if (!eq || eq == line) {
		snprintf(err, err_size, "%s:%d: expected key=value", c->path, number);
		return false;
	}
	if (c->count == CONFFILE_MAX_ENTRIES) {
		snprintf(err, err_size, "%s:%d: more than %d settings", c->path, number,
			 CONFFILE_MAX_ENTRIES);
		return false;
	}
	*eq = '\0';
	char *key = trim(line), *value = trim(eq + 1);
	size_t key_len = strlen(key), value_len = strlen(value);
	memmove(line, key, key_len);
	line[key_len] = '=';
	memmove(line + key_len + 1, value, value_len + 1);
	c->entries[c->count++] = (struct conffile_entry){ line, key_len, number };
	return true;
}

static bool parse_text(struct conffile *c, char *err, size_t err_size)
{
	char *save, *line;
	int number = 0;
	/* strtok_r would skip empty lines and so miscount: split by hand */
	for (line = c->text; line; line = save) {
		number++;
		save = strchr(line, '\n');
		if (save)
			*save++ = '\0';
		if (!parse_line(c, line, number, err, err_size))
			return false;
	}
	return true;
}

/* The first secret's key, or NULL. */
static const struct conffile_entry *first_secret(const struct conffile *c)
{
	char key[256];
	for (int i = 0; i < c->count; i++) {
		snprintf(key, sizeof(key), "%.*s", (int)c->entries[i].key_len, c->entries[i].setting);
		if (kconf_is_secret(key))
			return &c->entries[i];
	}
	return NULL;
}

static bool read_all(struct conffile *c, FILE *f, struct stat *st, char *err, size_t err_size)
{
	if (fstat(fileno(f), st) != 0 || !S_ISREG(st->st_mode)) {
		snprintf(err, err_size, "%s: not a regular file", c->path);
		return false;
	}
	c->text = xcalloc((size_t)st->st_size + 1, 1);
	size_t n = fread(c->text, 1, (size_t)st->st_size, f);
	if (ferror(f)) {
		snprintf(err, err_size, "%s: %s", c->path, strerror(errno));
		return false;
	}
	c->text[n] = '\0';
	return true;
}

bool conffile_load(struct conffile *c, const char *explicit, char *err, size_t err_size)
{
	bool optional;
	free(c->text); /* a load before this one (a repeated parse) */
	memset(c, 0, sizeof(*c));
	if (!choose_path(c, explicit, &optional))
		return true;
	FILE *f = fopen(c->path, "r");
	if (!f) {
		if (optional && errno == ENOENT) {
			c->path[0] = '\0';
			return true;
		}
		snprintf(err, err_size, "config file %s: %s", c->path, strerror(errno));
		return false;
	}
	struct stat st;
	bool ok = read_all(c, f, &st, err, err_size) && parse_text(c, err, err_size);
	fclose(f);
	if (!ok)
		return false;
	const struct conffile_entry *secret = first_secret(c);
	if (secret && (st.st_mode & (S_IRGRP | S_IROTH))) {
		snprintf(err, err_size,
			 "%s:%d: %.*s is a secret, and the file is readable by group or others (mode %03o): "
			 "refused; make it yours alone with: chmod 600 %s",
			 c->path, secret->line, (int)secret->key_len, secret->setting,
			 (unsigned)(st.st_mode & 0777), c->path);
		return false;
	}
	return true;
}
